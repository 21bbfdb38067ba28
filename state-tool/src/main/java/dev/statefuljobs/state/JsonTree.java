package dev.statefuljobs.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON line with nested values, as plain Java values: an object is a {@link LinkedHashMap}, an
 * array a {@link List}, a string a {@link String}, an integer a {@link Long} (or {@link BigInteger}
 * when it does not fit), any other number a {@link Double}, {@code true}/{@code false} a {@link
 * Boolean}, {@code null} {@link #NULL}. {@code common}'s {@code JsonObjectReader} reads flat
 * objects only; transformWithState rows hold lists and maps. A field that appears twice in any
 * object is an error that names its path, e.g. {@code field 'history[0].cents' appears twice}.
 */
final class JsonTree {

    /** JSON's null. */
    static final Object NULL =
            new Object() {
                @Override
                public String toString() {
                    return "null";
                }
            };

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(64)
                                    .maxNumberLength(64)
                                    .build())
                    .build();

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonTree() {}

    /** The line's JSON object, or one sentence why it is not one. */
    static Map<String, Object> parseObject(String line) throws InvalidRecordException {
        try (JsonParser parser = FACTORY.createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRecordException(
                        first == null ? "empty line" : "not a JSON object");
            }
            Map<String, Object> object = object(parser, "");
            if (parser.nextToken() != null) {
                throw new InvalidRecordException("trailing content after the JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            // Jackson names the start of an unclosed array or object with a "[Source: ...]" that
            // says nothing here: the line number is the reader's.
            throw new InvalidRecordException(
                    "malformed JSON: "
                            + e.getOriginalMessage().replaceFirst(" \\(start marker at .*$", ""));
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable: " + e.getMessage());
        }
    }

    private static Map<String, Object> object(JsonParser parser, String path)
            throws IOException, InvalidRecordException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            String at = child(path, name);
            parser.nextToken();
            Object value = value(parser, at);
            if (object.putIfAbsent(name, value) != null) {
                throw new InvalidRecordException("field '" + at + "' appears twice");
            }
        }
        return object;
    }

    private static Object value(JsonParser parser, String path)
            throws IOException, InvalidRecordException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return object(parser, path);
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken();
                        t != JsonToken.END_ARRAY;
                        t = parser.nextToken()) {
                    array.add(value(parser, path + "[" + array.size() + "]"));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new InvalidRecordException("malformed JSON at '" + path + "'");
        }
    }

    /** The path of an object's field: {@code a.b}, or {@code a["2023-11-14T22:15:30Z"]}. */
    static String child(String path, String name) {
        if (path.isEmpty()) {
            return name;
        }
        return NAME.matcher(name).matches() ? path + "." + name : path + "[" + quoted(name) + "]";
    }

    /** The JSON type of a value, for "must be an integer, got string". */
    static String typeOf(Object node) {
        if (node instanceof Map) {
            return "object";
        }
        if (node instanceof List) {
            return "array";
        }
        if (node instanceof String) {
            return "string";
        }
        if (node instanceof Number) {
            return "number";
        }
        if (node instanceof Boolean) {
            return "boolean";
        }
        return "null";
    }

    static InvalidRecordException invalid(String path, String problem) {
        return new InvalidRecordException("field '" + path + "' " + problem);
    }

    static InvalidRecordException wrongType(String path, String expected, Object node) {
        return invalid(path, "must be " + expected + ", got " + typeOf(node));
    }

    /** An object's field names, checked against the known ones. */
    static Map<String, Object> object(Object node, String path) throws InvalidRecordException {
        if (!(node instanceof Map)) {
            throw wrongType(path, "an object", node);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) node;
        return object;
    }

    static List<Object> array(Object node, String path) throws InvalidRecordException {
        if (!(node instanceof List)) {
            throw wrongType(path, "an array", node);
        }
        @SuppressWarnings("unchecked")
        List<Object> array = (List<Object>) node;
        return array;
    }

    static String string(Object node, String path) throws InvalidRecordException {
        if (!(node instanceof String s)) {
            throw wrongType(path, "a string", node);
        }
        return s;
    }

    /**
     * An ISO-8601 instant in ms, e.g. {@code 2023-11-14T22:13:20Z}; years after 9999 are allowed (a
     * TTL deadline saturates at Long.MAX_VALUE, +292278994-08-17T07:12:55.807Z).
     */
    static long instant(Object node, String path) throws InvalidRecordException {
        String text = string(node, path);
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(path, "is not an ISO-8601 instant: '" + text + "'");
        }
    }

    /** Appends a JSON string. */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        out.append('"');
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        appendString(out, s);
        return out.toString();
    }
}
