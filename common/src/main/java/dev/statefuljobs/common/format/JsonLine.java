package dev.statefuljobs.common.format;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.statefuljobs.common.time.Timestamps;

/**
 * Builds one JSON object on one line, fields in the order they are added, for output records. Strings are
 * escaped by Jackson; instants are written as ISO-8601 UTC.
 */
public final class JsonLine {

    private final StringBuilder out = new StringBuilder(128).append('{');
    private boolean empty = true;

    public static JsonLine object() {
        return new JsonLine();
    }

    public JsonLine field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public JsonLine field(String name, long value) {
        key(name).append(value);
        return this;
    }

    public JsonLine field(String name, double value) {
        key(name).append(value);
        return this;
    }

    public JsonLine field(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    /** An instant, written as ISO-8601, e.g. "2023-07-30T10:01:00Z". */
    public JsonLine instant(String name, long epochMillis) {
        return field(name, Timestamps.toIso(epochMillis));
    }

    /** A value that is already JSON (e.g. an event's own {@link JsonRecord#toJson()}), embedded as is. */
    public JsonLine json(String name, String json) {
        key(name).append(json == null ? "null" : json);
        return this;
    }

    /** Adds {@code "name":true} only when the flag is set, so unchanged records stay short. */
    public JsonLine flag(String name, boolean set) {
        return set ? field(name, true) : this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private StringBuilder key(String name) {
        if (!empty) {
            out.append(',');
        }
        empty = false;
        quote(name);
        return out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }
}
