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
 * Reads one flat JSON object field by field with Jackson's streaming parser: no tree, no
 * reflection, one pass. Typed accessors turn every type mismatch into an {@link
 * InvalidRecordException} that names the field. Nested values of fields we do not know are skipped
 * without being built.
 */
public final class JsonObjectReader implements AutoCloseable {

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
    private String fieldName;

    private JsonObjectReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Opens a reader positioned before the first field; the line must hold a JSON object. */
    public static JsonObjectReader open(String line) throws InvalidRecordException {
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
        return new JsonObjectReader(parser);
    }

    /**
     * Moves to the next field and its value; false at the end of the object. Content after the
     * object is an error, so a line holding two objects is not silently half-read.
     */
    public boolean nextField() throws InvalidRecordException {
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                if (parser.nextToken() != null) {
                    throw new InvalidRecordException("trailing content after the JSON object");
                }
                return false;
            }
            if (t != JsonToken.FIELD_NAME) {
                throw new InvalidRecordException("malformed JSON object");
            }
            fieldName = parser.currentName();
            parser.nextToken();
            return true;
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable: " + e.getMessage());
        }
    }

    public String name() {
        return fieldName;
    }

    public boolean isNull() {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    /** A JSON string value. */
    public String string() throws InvalidRecordException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType("a string");
        }
        try {
            return parser.getText();
        } catch (IOException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getMessage());
        }
    }

    /** A non-empty JSON string value, e.g. a key. */
    public String nonEmptyString() throws InvalidRecordException {
        String s = string();
        if (s.isBlank()) {
            throw new InvalidRecordException("field '" + fieldName + "' must not be empty");
        }
        return s;
    }

    /** A JSON number that is finite as a double (1e400 overflows to infinity and is refused). */
    public double finiteDouble() throws InvalidRecordException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType("a number");
        }
        try {
            double d = parser.getDoubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidRecordException(
                        "field '" + fieldName + "' is out of range for a double");
            }
            return d;
        } catch (IOException e) {
            throw new InvalidRecordException("field '" + fieldName + "': " + e.getMessage());
        }
    }

    /** A JSON integer that fits a long. */
    public long integer() throws InvalidRecordException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType("an integer");
        }
        try {
            return parser.getLongValue();
        } catch (InputCoercionException e) {
            throw new InvalidRecordException(
                    "field '" + fieldName + "' is out of range for a long");
        } catch (IOException e) {
            throw new InvalidRecordException("field '" + fieldName + "': " + e.getMessage());
        }
    }

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
    public boolean isInteger() {
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
    }

    /** Skips the current value, including any nested object or array. */
    public void skipValue() throws InvalidRecordException {
        try {
            parser.skipChildren();
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable: " + e.getMessage());
        }
    }

    /** A field-level error with the field's name in it. */
    public InvalidRecordException invalid(String problem) {
        return new InvalidRecordException("field '" + fieldName + "' " + problem);
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

    private InvalidRecordException wrongType(String expected) {
        JsonToken t = parser.currentToken();
        String got =
                t == null
                        ? "nothing"
                        : t == JsonToken.VALUE_NULL
                                ? "null"
                                : t.name().replace("VALUE_", "").toLowerCase();
        return new InvalidRecordException(
                "field '" + fieldName + "' must be " + expected + ", got " + got);
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
