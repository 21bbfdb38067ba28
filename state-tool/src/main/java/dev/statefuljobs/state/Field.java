package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonObjectReader;
import java.io.Serializable;

/**
 * One value field of a state row, with its JSON name and type: how {@code read} prints it and how
 * {@code bootstrap} checks it.
 *
 * @param name the JSON field name, as the job's output or initial-state rows spell it
 * @param type what the field holds
 */
record Field(String name, Type type) implements Serializable {

    /** The JSON types a state field can have. */
    enum Type {
        /** A finite JSON number, as a {@link Double}. */
        DOUBLE,
        /** A JSON integer, as a {@link Long}. */
        LONG,
        /** An ISO-8601 instant (years 1970..9999), as epoch milliseconds in a {@link Long}. */
        INSTANT
    }

    static Field of(String name, Type type) {
        return new Field(name, type);
    }

    /** Reads the reader's current value as this field's type. */
    Object read(JsonObjectReader reader) throws InvalidRecordException {
        return switch (type) {
            case DOUBLE -> reader.finiteDouble();
            case LONG -> reader.integer();
            case INSTANT -> reader.isoInstant();
        };
    }

    /** Appends {@code value} (as {@link #read} returns it) to {@code json}. */
    void write(JsonLine json, Object value) {
        switch (type) {
            case DOUBLE -> json.field(name, (Double) value);
            case LONG -> json.field(name, (Long) value);
            case INSTANT -> json.instant(name, (Long) value);
        }
    }
}
