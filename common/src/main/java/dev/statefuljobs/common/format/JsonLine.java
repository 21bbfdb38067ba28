package dev.statefuljobs.common.format;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.statefuljobs.common.time.Timestamps;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds one JSON object on one line, fields in the order they are added, for output records.
 * Strings are escaped as Jackson's {@link JsonStringEncoder} escapes them; instants are written as
 * ISO-8601 UTC.
 *
 * <p>Every output row is built here, so the common case is kept cheap: a string without a character
 * that needs escaping (a control character, {@code "} or {@code \}) is appended as it is, and only
 * the others go through Jackson; a field name is quoted once per JVM; an instant is written
 * straight into the buffer, the text of its minute from a cache; the closing brace is appended
 * rather than concatenated. The text is the same as before, character for character ({@code
 * JsonLineTest}).
 */
public final class JsonLine {

    // Field names are a handful of constants: each is quoted once, "name":, and appended whole.
    // Bounded, in case a caller makes names from data.
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final int MAX_KEYS = 1024;

    private final StringBuilder out = new StringBuilder(96).append('{');
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
        key(name).append('"');
        Timestamps.appendIso(out, epochMillis);
        out.append('"');
        return this;
    }

    /**
     * A value that is already JSON (e.g. an event's own {@link JsonRecord#toJson()}), embedded as
     * is.
     */
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
        int length = out.length();
        String json = out.append('}').toString();
        out.setLength(length); // toString() may be called again, and more fields added
        return json;
    }

    private StringBuilder key(String name) {
        if (!empty) {
            out.append(',');
        }
        empty = false;
        String key = KEYS.get(name);
        if (key == null) {
            key = quoted(name) + ":";
            if (KEYS.size() < MAX_KEYS) {
                KEYS.put(name, key);
            }
        }
        return out.append(key);
    }

    private static String quoted(String s) {
        StringBuilder q = new StringBuilder(s.length() + 3).append('"');
        if (needsEscaping(s)) {
            JsonStringEncoder.getInstance().quoteAsString(s, q);
        } else {
            q.append(s);
        }
        return q.append('"').toString();
    }

    private void quote(String s) {
        out.append('"');
        if (needsEscaping(s)) {
            JsonStringEncoder.getInstance().quoteAsString(s, out);
        } else {
            out.append(s);
        }
        out.append('"');
    }

    /**
     * True if Jackson would escape a character of {@code s}: a control character (below 0x20), '"'
     * or '\\'.
     */
    static boolean needsEscaping(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
