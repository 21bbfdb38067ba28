package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.EventFormats;
import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.format.Utf8ObjectReader;
import dev.statefuljobs.common.testing.HostileInputs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Records read straight from bytes ({@link Utf8ObjectReader}, through {@link
 * RecordParser#parse(byte[])} and {@link RecordParser#parseLine}) must come out exactly as when the
 * bytes are decoded and the text is parsed with Jackson, which is what both did before: the same
 * events, and the same dead letters with the same reasons and raw fields. Checked on every format's
 * hostile inputs, on mutations of valid records (numbers, literals, whitespace, escapes, non-ASCII
 * text, nesting), and on every UTF-8 sequence shape inside a string.
 */
class BytesParsingTest {

    private static final int LIMIT = 4096;
    private static final Pattern STRING_VALUE = Pattern.compile("(\":)\"([^\"\\\\]*)\"");
    private static final Pattern ANY_VALUE = Pattern.compile("(\":)(\"[^\"\\\\]*\"|[^,}\"]+)");

    @TestFactory
    List<DynamicTest> hostileInputsGiveTheSameResultsAsText() {
        return perFormat(
                format -> {
                    Checker check = new Checker(format);
                    HostileInputs inputs = new HostileInputs(format, 21);
                    for (int n = 0; n < 30_000; n++) {
                        check.same(inputs.next(n));
                    }
                    assertTrue(
                            check.readFromBytes > 3_000, "read from bytes: " + check.readFromBytes);
                });
    }

    @TestFactory
    List<DynamicTest> everyValidRecordIsReadFromBytes() {
        return perFormat(
                format -> {
                    Checker check = new Checker(format);
                    HostileInputs inputs = new HostileInputs(format, 3);
                    for (int i = 0; i < 10_000; i++) {
                        check.same(utf8(inputs.validLine()));
                    }
                    assertEquals(10_000, check.readFromBytes);
                });
    }

    /** Each value of a valid record replaced by a random token, with random whitespace. */
    @TestFactory
    List<DynamicTest> mutatedValuesGiveTheSameResultsAsText() {
        return perFormat(
                format -> {
                    Checker check = new Checker(format);
                    HostileInputs inputs = new HostileInputs(format, 5);
                    SplittableRandom rnd = new SplittableRandom(5);
                    for (int i = 0; i < 20_000; i++) {
                        check.same(utf8(mutate(inputs.validLine(), rnd)));
                    }
                    assertTrue(
                            check.readFromBytes > 1_000, "read from bytes: " + check.readFromBytes);
                });
    }

    private static List<DynamicTest> perFormat(ThrowingConsumer<EventFormat<?>> test) {
        return EventFormats.all().stream()
                .map(format -> DynamicTest.dynamicTest(format.name(), () -> test.accept(format)))
                .collect(Collectors.toList());
    }

    /**
     * Every lead byte from 0x80, every second byte and representative third and fourth bytes,
     * inside a string value: invalid UTF-8 is never taken from bytes, valid UTF-8 reads the same.
     */
    @Test
    void everyUtf8SequenceShapeInAStringGivesTheSameResultAsText() {
        EventFormat<?> clicks = EventFormats.find("clicks").orElseThrow();
        Checker check = new Checker(clicks);
        String line = new HostileInputs(clicks, 1).validLine();
        Matcher m = STRING_VALUE.matcher(line);
        assertTrue(m.find());
        byte[] before = utf8(line.substring(0, m.start(2)) + "x");
        byte[] after = utf8(line.substring(m.end(2)));
        int[] tails = {
            0x00, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF
        };
        for (int b0 = 0x80; b0 <= 0xFF; b0++) {
            for (int b1 = 0; b1 <= 0xFF; b1++) {
                check.same(concat(before, new byte[] {(byte) b0, (byte) b1}, after));
                for (int b2 : tails) {
                    check.same(concat(before, new byte[] {(byte) b0, (byte) b1, (byte) b2}, after));
                    if (b0 >= 0xF0 && b0 <= 0xF7) {
                        for (int b3 : tails) {
                            check.same(
                                    concat(
                                            before,
                                            new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3},
                                            after));
                        }
                    }
                }
            }
        }
        assertTrue(check.readFromBytes > 10_000);
    }

    private static String mutate(String line, SplittableRandom rnd) {
        Matcher m = ANY_VALUE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = rnd.nextInt(3) == 0 ? randomToken(m.group(2), rnd) : m.group(2);
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            "\"" + space(rnd) + ":" + space(rnd) + value + space(rnd)));
        }
        m.appendTail(out);
        String s = out.toString();
        switch (rnd.nextInt(12)) {
            case 0:
                return space(rnd) + s + space(rnd);
            case 1:
                return s.replaceFirst("\\{", "{\"extra\":" + randomToken("1", rnd) + ",");
            case 2:
                return s.replace("\",\"", "\"," + space(rnd) + "\"");
            case 3:
                return s.replaceFirst(
                        "\"(\\w+)\":", "\"$1\":" + randomToken("1", rnd) + ",\"$1\":");
            case 4:
                return s.replaceFirst("\"(\\w)", "\"\\\\u0061$1");
            default:
                return s;
        }
    }

    private static String space(SplittableRandom rnd) {
        String[] ws = {" ", "\t", "\r\n", "  ", "\u000b", "\u00a0"};
        return rnd.nextInt(4) != 0 ? "" : ws[rnd.nextInt(ws.length)];
    }

    private static String randomToken(String original, SplittableRandom rnd) {
        switch (rnd.nextInt(8)) {
            case 0:
            case 1:
            case 2:
                return randomNumber(rnd);
            case 3:
                {
                    String[] literals = {
                        "null",
                        "true",
                        "false",
                        "nul",
                        "nullx",
                        "True",
                        "NaN",
                        "-Infinity",
                        "{}",
                        "[]",
                        "[1]",
                        "{\"a\":1}",
                        "\"\"",
                        " ",
                        ""
                    };
                    return literals[rnd.nextInt(literals.length)];
                }
            case 4:
                {
                    String[] strings = {
                        "\"caf\u00e9\"",
                        "\"\u65e5\u672c\"",
                        "\"\ud83d\ude00\"",
                        "\"a\\\"b\"",
                        "\"a\\\\b\"",
                        "\"\\u0041\"",
                        "\"tab\there\"",
                        "\"\u007f\"",
                        "\"2025-01-01T00:00:00Z\"",
                        "\"2025-01-01T00:00:00.5+01:00\"",
                        "\"2025-01-01 00:00:00\"",
                        "\"  \""
                    };
                    return strings[rnd.nextInt(strings.length)];
                }
            default:
                return original.startsWith("\"") && rnd.nextBoolean()
                        ? "\"" + original.substring(1, original.length() - 1) + "\u00e9\""
                        : original;
        }
    }

    /** Numbers at the edges of JSON's grammar and of a long: most valid, some not. */
    private static String randomNumber(SplittableRandom rnd) {
        StringBuilder n = new StringBuilder();
        if (rnd.nextInt(3) == 0) {
            n.append(rnd.nextInt(10) == 0 ? "+" : "-");
        }
        int intDigits = rnd.nextInt(10) == 0 ? rnd.nextInt(17, 23) : rnd.nextInt(0, 6);
        if (rnd.nextInt(8) == 0) {
            n.append('0');
        }
        for (int i = 0; i < intDigits; i++) {
            n.append((char) ('0' + (i == 0 ? rnd.nextInt(1, 10) : rnd.nextInt(10))));
        }
        if (intDigits == 0 && rnd.nextInt(4) != 0) {
            n.append('0');
        }
        if (rnd.nextInt(3) == 0) {
            n.append('.');
            for (int i = rnd.nextInt(0, 25); i > 0; i--) {
                n.append((char) ('0' + rnd.nextInt(10)));
            }
        }
        if (rnd.nextInt(5) == 0) {
            n.append(rnd.nextBoolean() ? 'e' : 'E');
            if (rnd.nextBoolean()) {
                n.append(rnd.nextBoolean() ? '+' : '-');
            }
            for (int i = rnd.nextInt(0, 4); i > 0; i--) {
                n.append((char) ('0' + rnd.nextInt(10)));
            }
        }
        return n.toString();
    }

    /** Compares the byte paths with the text path on one input, and counts reads from bytes. */
    private static final class Checker {
        final EventFormat<?> format;
        final RecordParser<?> parser;
        final Utf8ObjectReader reader = new Utf8ObjectReader();
        int readFromBytes;

        Checker(EventFormat<?> format) {
            this.format = format;
            this.parser = new RecordParser<>(format, "test", LIMIT);
        }

        void same(byte[] raw) {
            // Kafka: invalid UTF-8 is a dead letter with the bytes in base64; otherwise the text.
            String strict = decodeStrictly(raw);
            String expected =
                    raw.length > LIMIT
                            ? describe(parser.parse(raw))
                            : strict == null
                                    ? describe(
                                            Parsed.failed(
                                                    new DeadLetter(
                                                            "test",
                                                            "not valid UTF-8",
                                                            null,
                                                            Base64.getEncoder().encodeToString(raw),
                                                            false)))
                                    : describe(parser.parse(strict));
            assertEquals(expected, describe(parser.parse(raw)), () -> "record " + escaped(raw));
            // A file: lines are decoded with replacement (TextLineInputFormat), never refused.
            assertEquals(
                    describe(parser.parse(new String(raw, StandardCharsets.UTF_8))),
                    describe(parser.parseLine(raw)),
                    () -> "line " + escaped(raw));
            if (reader.reset(raw, 0, raw.length)) {
                try {
                    format.read(reader);
                    if (reader.readCleanly()) {
                        readFromBytes++;
                    }
                } catch (Exception e) {
                    // read from text instead
                }
            }
        }

        private String describe(Parsed<?> p) {
            if (p.isValid()) {
                return "event " + ((JsonRecord) p.event).toJson() + " at " + eventTime(p.event);
            }
            return "dead letter " + p.deadLetter.toJson();
        }

        @SuppressWarnings("unchecked")
        private <E> long eventTime(Object event) {
            return ((EventFormat<E>) format).eventTime((E) event);
        }
    }

    private static String decodeStrictly(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String escaped(byte[] raw) {
        List<String> out = new ArrayList<>();
        for (byte b : raw) {
            out.add(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return String.join("", out);
    }
}
