package dev.statefuljobs.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.generator.LineGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile input for any {@link EventFormat}: deterministic (seeded) malformed records built from
 * the format's own valid records, so a new format registered in {@code EventFormats} is fuzzed with
 * its own field names. Each case is raw bytes, as a Kafka record value or a line of a file can
 * carry them.
 */
public final class HostileInputs {

    /** The kinds of damage, in the order {@link #next} cycles through them. */
    public static final List<String> KINDS =
            List.of(
                    "random-bytes",
                    "invalid-utf8",
                    "truncated-json",
                    "wrong-type",
                    "null-field",
                    "missing-field",
                    "nan-infinity",
                    "overflowing-number",
                    "extreme-timestamp",
                    "deep-nesting",
                    "odd-text",
                    "extra-content",
                    "valid");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LineGenerator valid;
    private final SplittableRandom rnd;
    private long index;

    public HostileInputs(EventFormat<?> format, long seed) {
        this.valid = new LineGenerator(format.generator(), seed, 1000, 0.1, Duration.ofHours(1));
        this.rnd = new SplittableRandom(seed);
    }

    /** A valid record of the format. */
    public String validLine() {
        return valid.line(index++);
    }

    /** The next hostile case; its kind is {@code KINDS.get(n % KINDS.size())} for the n-th call. */
    public byte[] next(int n) {
        String kind = KINDS.get(n % KINDS.size());
        try {
            return make(kind);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a " + kind + " case", e);
        }
    }

    private byte[] make(String kind) throws Exception {
        String line = validLine();
        ObjectNode tree = (ObjectNode) JSON.readTree(line);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        String field = fields.get(rnd.nextInt(fields.size()));
        switch (kind) {
            case "random-bytes":
                {
                    byte[] b = new byte[rnd.nextInt(200)];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) rnd.nextInt(256);
                    }
                    return b;
                }
            case "invalid-utf8":
                {
                    byte[][] bad = {
                        {(byte) 0xC3, 0x28},
                        {(byte) 0xFF},
                        {(byte) 0x80},
                        {(byte) 0xC0, (byte) 0xAF},
                        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {(byte) 0xE2, (byte) 0x82}
                    };
                    byte[] valid = line.getBytes(StandardCharsets.UTF_8);
                    byte[] insert = bad[rnd.nextInt(bad.length)];
                    int at = rnd.nextInt(valid.length + 1);
                    byte[] out = new byte[valid.length + insert.length];
                    System.arraycopy(valid, 0, out, 0, at);
                    System.arraycopy(insert, 0, out, at, insert.length);
                    System.arraycopy(valid, at, out, at + insert.length, valid.length - at);
                    return out;
                }
            case "truncated-json":
                return utf8(line.substring(0, rnd.nextInt(line.length())));
            case "wrong-type":
                {
                    JsonNode[] wrong = {
                        NODES.arrayNode().add(1),
                        NODES.objectNode().put("x", 1),
                        NODES.booleanNode(true),
                        NODES.textNode("12.5"),
                        NODES.numberNode(42),
                        NODES.textNode(""),
                        NODES.textNode(" ")
                    };
                    tree.set(field, wrong[rnd.nextInt(wrong.length)]);
                    return utf8(tree.toString());
                }
            case "null-field":
                tree.putNull(field);
                return utf8(tree.toString());
            case "missing-field":
                tree.remove(field);
                return utf8(rnd.nextBoolean() ? tree.toString() : "{}");
            case "nan-infinity":
                {
                    String[] tokens = {
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "+Infinity",
                        "\"NaN\"",
                        "\"Infinity\"",
                        "1e400",
                        "-1e400"
                    };
                    return utf8(withRawValue(tree, field, tokens[rnd.nextInt(tokens.length)]));
                }
            case "overflowing-number":
                {
                    String[] numbers = {
                        "9223372036854775808",
                        "-9223372036854775809",
                        "99999999999999999999999999",
                        "1e400",
                        "1e-400",
                        "1" + "0".repeat(300),
                        "0." + "0".repeat(400) + "1",
                        "-0",
                        "1E+2147483647",
                        "123456789".repeat(20)
                    };
                    return utf8(withRawValue(tree, field, numbers[rnd.nextInt(numbers.length)]));
                }
            case "extreme-timestamp":
                {
                    String[] times = {
                        "-1",
                        "0",
                        "-9223372036854775808",
                        "9223372036854775807",
                        "253402300800",
                        "253402300799",
                        "1700000000000",
                        "\"0000-01-01T00:00:00Z\"",
                        "\"+999999999-12-31T23:59:59Z\"",
                        "\"-000001-01-01T00:00:00Z\"",
                        "\"1969-12-31T23:59:59Z\"",
                        "\"9999-12-31T23:59:59Z\"",
                        "\"10000-01-01T00:00:00Z\"",
                        "\"2023-02-30T10:00:00Z\"",
                        "\"2023-07-30 25:61:61\"",
                        "\"2023-07-30T10:00:00+18:00\"",
                        "\"\"",
                        "1.5e9"
                    };
                    return utf8(withRawValue(tree, field, times[rnd.nextInt(times.length)]));
                }
            case "deep-nesting":
                {
                    int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000);
                    String nested =
                            "[".repeat(depth) + "]".repeat(rnd.nextInt(4) == 0 ? depth / 2 : depth);
                    return utf8(
                            rnd.nextBoolean()
                                    ? withRawValue(tree, field, nested)
                                    : rnd.nextBoolean()
                                            ? nested
                                            : "{\"a\":"
                                                    + "{\"a\":".repeat(depth)
                                                    + "1"
                                                    + "}".repeat(depth)
                                                    + "}");
                }
            case "odd-text":
                {
                    String[] odd = {
                        "",
                        " ",
                        "null",
                        "true",
                        "42",
                        "\"a string\"",
                        "[]",
                        "[" + line + "]",
                        "\uFEFF" + line,
                        line.replace("\"", "'"),
                        "\u0000" + line,
                        line + "\u0000",
                        "{\"\u0000\":1}",
                        "{\"" + field + "\":\"\\ud800\"}",
                        "{\"" + field + "\":\"\\uZZZZ\"}",
                        "{" + "\"k\":1,".repeat(1000) + "\"k\":2}",
                        "\u202E" + line,
                        "{\"" + field + "\":\"\u0007\t\"}"
                    };
                    return utf8(odd[rnd.nextInt(odd.length)]);
                }
            case "extra-content":
                {
                    String[] extra = {
                        line + line,
                        line + " x",
                        line + ",",
                        line + "}",
                        line + " // comment",
                        line.replaceFirst("\\{", "{\"" + field + "\":1,"),
                        line.substring(0, line.length() - 1) + ",}"
                    };
                    return utf8(extra[rnd.nextInt(extra.length)]);
                }
            default:
                return utf8(line);
        }
    }

    /**
     * The record with one field's value replaced by raw JSON text (which may be invalid JSON on
     * purpose).
     */
    private static String withRawValue(ObjectNode tree, String field, String raw) {
        String marker = "__hostile_value__";
        tree.put(field, marker);
        return tree.toString().replace("\"" + marker + "\"", raw);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
