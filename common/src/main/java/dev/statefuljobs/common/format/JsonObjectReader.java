package dev.statefuljobs.common.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.statefuljobs.common.time.Timestamps;
import java.io.IOException;

/**
 * Reads one flat JSON object field by field: no tree, no reflection, one pass. Typed accessors turn
 * every type mismatch into an {@link InvalidRecordException} that names the field. Nested values of
 * fields we do not know are skipped without being built.
 *
 * <p>{@link #open(String)} reads a line of text with Jackson's streaming parser, and defines what
 * is valid and every error's reason. {@link Utf8ObjectReader} reads the common case straight from
 * the bytes a source read, and gives up on anything else, which is then read from text here.
 */
public abstract class JsonObjectReader implements AutoCloseable {

    protected String fieldName;

    /** Opens a reader positioned before the first field; the line must hold a JSON object. */
    public static JsonObjectReader open(String line) throws InvalidRecordException {
        return Jackson.parse(line);
    }

    /**
     * Moves to the next field and its value; false at the end of the object. Content after the
     * object is an error, so a line holding two objects is not silently half-read.
     */
    public abstract boolean nextField() throws InvalidRecordException;

    public String name() {
        return fieldName;
    }

    public abstract boolean isNull();

    /** A JSON string value. */
    public abstract String string() throws InvalidRecordException;

    /** A non-empty JSON string value, e.g. a key. */
    public String nonEmptyString() throws InvalidRecordException {
        String s = string();
        if (s.isBlank()) {
            throw invalid("must not be empty");
        }
        return s;
    }

    /** A JSON number that is finite as a double (1e400 overflows to infinity and is refused). */
    public abstract double finiteDouble() throws InvalidRecordException;

    /** A JSON integer that fits a long. */
    public abstract long integer() throws InvalidRecordException;

    /**
     * A string holding an ISO-8601 instant (e.g. 2023-07-30T10:00:00Z), in milliseconds since the
     * epoch.
     */
    public long isoInstant() throws InvalidRecordException {
        String text = string();
        try {
            return Timestamps.parseIsoInstant(text);
        } catch (IllegalArgumentException e) {
            throw invalid("is " + e.getMessage());
        }
    }

    /**
     * True when the current value is a JSON number (for fields that accept a number or a string).
     */
    public abstract boolean isInteger();

    /** Skips the current value, including any nested object or array. */
    public abstract void skipValue() throws InvalidRecordException;

    /** A field-level error with the field's name in it. */
    public InvalidRecordException invalid(String problem) {
        return error("field '" + fieldName + "' " + problem);
    }

    /** Every error this reader reports is made here. */
    protected InvalidRecordException error(String reason) {
        return new InvalidRecordException(reason);
    }

    /**
     * Returns a required field's value, or fails with {@link #missing} when the object lacked it or
     * held null.
     */
    public static <T> T required(T value, String field) throws InvalidRecordException {
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** The error for a required field that the object lacks (or holds as null). */
    public static InvalidRecordException missing(String field) {
        return new InvalidRecordException("missing field '" + field + "'");
    }

    @Override
    public void close() {}

    /** Jackson's streaming parser over a line of text. */
    private static final class Jackson extends JsonObjectReader {

        // Thread-safe and expensive to build: one per JVM.
        private static final JsonFactory FACTORY =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(64)
                                        .maxNumberLength(64)
                                        .build())
                        .build();

        private final JsonParser parser;

        private Jackson(JsonParser parser) {
            this.parser = parser;
        }

        static JsonObjectReader parse(String line) throws InvalidRecordException {
            JsonParser parser;
            try {
                parser = FACTORY.createParser(line);
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    parser.close();
                    throw new InvalidRecordException(
                            first == null ? "empty line" : "not a JSON object");
                }
            } catch (JsonProcessingException e) {
                throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new InvalidRecordException("unreadable: " + e.getMessage());
            }
            return new Jackson(parser);
        }

        @Override
        public boolean nextField() throws InvalidRecordException {
            try {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    if (parser.nextToken() != null) {
                        throw error("trailing content after the JSON object");
                    }
                    return false;
                }
                if (t != JsonToken.FIELD_NAME) {
                    throw error("malformed JSON object");
                }
                fieldName = parser.currentName();
                parser.nextToken();
                return true;
            } catch (JsonProcessingException e) {
                throw error("malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw error("unreadable: " + e.getMessage());
            }
        }

        @Override
        public boolean isNull() {
            return parser.currentToken() == JsonToken.VALUE_NULL;
        }

        @Override
        public String string() throws InvalidRecordException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType("a string");
            }
            try {
                return parser.getText();
            } catch (IOException e) {
                throw error("malformed JSON: " + e.getMessage());
            }
        }

        @Override
        public double finiteDouble() throws InvalidRecordException {
            JsonToken t = parser.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw wrongType("a number");
            }
            try {
                double d = parser.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw invalid("is out of range for a double");
                }
                return d;
            } catch (IOException e) {
                throw error("field '" + fieldName + "': " + e.getMessage());
            }
        }

        @Override
        public long integer() throws InvalidRecordException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType("an integer");
            }
            try {
                return parser.getLongValue();
            } catch (InputCoercionException e) {
                throw invalid("is out of range for a long");
            } catch (IOException e) {
                throw error("field '" + fieldName + "': " + e.getMessage());
            }
        }

        @Override
        public boolean isInteger() {
            return parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
        }

        @Override
        public void skipValue() throws InvalidRecordException {
            try {
                parser.skipChildren();
            } catch (JsonProcessingException e) {
                throw error("malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw error("unreadable: " + e.getMessage());
            }
        }

        private InvalidRecordException wrongType(String expected) {
            JsonToken t = parser.currentToken();
            String got =
                    t == null
                            ? "nothing"
                            : t == JsonToken.VALUE_NULL
                                    ? "null"
                                    : t.name().replace("VALUE_", "").toLowerCase();
            return invalid("must be " + expected + ", got " + got);
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Reading from a String: closing cannot fail in a way that matters.
            }
        }
    }
}
