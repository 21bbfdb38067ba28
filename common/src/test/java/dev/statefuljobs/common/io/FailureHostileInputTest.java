package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.EventFormats;
import dev.statefuljobs.common.testing.HostileInputs;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile input: 100,000 malformed records per format through {@link RecordParser#parse(byte[])}
 * and {@link RecordParser#parse(String)}, for every format registered in {@link EventFormats} (new
 * formats are covered without changing this test). Every record comes out as exactly one event or
 * one dead letter, never an exception; every dead letter has a reason and is valid JSON (re-read
 * with Jackson from its UTF-8 bytes) that keeps the raw input: as text when it was valid UTF-8,
 * else in base64, byte for byte. Oversized records are refused by the documented limit ({@code
 * --max-record-bytes}), before they are parsed.
 */
class FailureHostileInputTest {

    static final int CASES = 100_000;
    private static final int LIMIT = RecordParser.DEFAULT_MAX_RECORD_BYTES;
    // Dead letters keep whatever the input held (e.g. 20,000 nested brackets as a string): no
    // nesting limit needed.
    private static final ObjectMapper JSON =
            new ObjectMapper(
                    JsonFactory.builder()
                            .streamReadConstraints(
                                    StreamReadConstraints.builder()
                                            .maxStringLength(Integer.MAX_VALUE)
                                            .build())
                            .build());

    @TestFactory
    List<DynamicTest> everyFormatSurvivesHostileInput() {
        return EventFormats.all().stream()
                .map(format -> DynamicTest.dynamicTest(format.name(), () -> fuzz(format)))
                .collect(Collectors.toList());
    }

    private static void fuzz(EventFormat<?> format) throws Exception {
        RecordParser<?> parser = new RecordParser<>(format, "fuzz", LIMIT);
        HostileInputs inputs = new HostileInputs(format, 9);
        Map<String, int[]> perKind = new HashMap<>(); // kind -> {inputs, valid, dead letters}
        for (int n = 0; n < CASES; n++) {
            byte[] raw = inputs.next(n);
            String kind = HostileInputs.KINDS.get(n % HostileInputs.KINDS.size());
            int[] counts = perKind.computeIfAbsent(kind, k -> new int[3]);
            counts[0]++;
            Parsed<?> fromBytes = parser.parse(raw);
            counts[check(format, raw, fromBytes) ? 1 : 2]++;
            String text = decodeStrictly(raw);
            if (text != null) {
                Parsed<?> fromText = parser.parse(text);
                check(format, raw, fromText);
                assertEquals(
                        fromBytes.isValid(), fromText.isValid(), "bytes and text agree on " + text);
            } else {
                // Java strings can hold what UTF-8 cannot (lone surrogates): parse(String) must
                // cope with that too.
                check(
                        format,
                        null,
                        parser.parse(new String(raw, StandardCharsets.ISO_8859_1) + "\ud800"));
            }
        }
        int total = 0;
        for (Map.Entry<String, int[]> e : perKind.entrySet()) {
            int[] c = e.getValue();
            assertEquals(c[0], c[1] + c[2], e.getKey() + ": valid + dead letters = input");
            total += c[0];
            if (!e.getKey().equals("valid")
                    && !e.getKey().equals("extreme-timestamp")
                    && !e.getKey().equals("wrong-type")
                    && !e.getKey().equals("missing-field")
                    && !e.getKey().equals("null-field")
                    && !e.getKey().equals("odd-text")
                    && !e.getKey().equals("extra-content")
                    && !e.getKey().equals("overflowing-number")
                    && !e.getKey().equals("deep-nesting")
                    && !e.getKey().equals("nan-infinity")) {
                assertEquals(0, c[1], e.getKey() + " must never parse as valid");
            }
        }
        assertEquals(CASES, total);
        assertEquals(
                perKind.get("valid")[0], perKind.get("valid")[1], "every valid record is accepted");
    }

    /** Checks one outcome; true if it is a valid event. */
    private static boolean check(EventFormat<?> format, byte[] raw, Parsed<?> parsed)
            throws Exception {
        assertNotNull(parsed);
        if (parsed.isValid()) {
            assertTrue(parsed.deadLetter == null);
            eventTime(format, parsed.event);
            return true;
        }
        DeadLetter d = parsed.deadLetter;
        assertNotNull(d, "neither event nor dead letter");
        assertTrue(d.reason != null && !d.reason.isBlank(), "a reason");
        JsonNode json = JSON.readTree(d.toJson().getBytes(StandardCharsets.UTF_8));
        // Sinks write UTF-8, which has no lone surrogates (only a Java string can hold one, and no
        // source makes
        // one: they decode with replacement): those become '?', everything else survives the round
        // trip exactly.
        assertEquals(
                asUtf8Would(d.reason),
                json.get("reason").asText(),
                () -> "reason survives: " + escaped(d.reason));
        if (raw != null && !d.truncated) {
            if (json.has("raw_base64")) {
                assertArrayEquals(raw, Base64.getDecoder().decode(json.get("raw_base64").asText()));
            } else {
                assertEquals(new String(raw, StandardCharsets.UTF_8), json.get("raw").asText());
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <E> void eventTime(EventFormat<E> format, Object event) {
        long t = format.eventTime((E) event);
        assertTrue(t >= 0, "event time " + t);
    }

    private static String asUtf8Would(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars()
                .forEach(
                        c ->
                                b.append(
                                        c < 32 || c > 126
                                                ? String.format("\\u%04x", c)
                                                : String.valueOf((char) c)));
        return b.toString();
    }

    private static String decodeStrictly(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void recordsAboveTheLimitAreRefusedByTheLimitNotByMemory() throws Exception {
        for (EventFormat<?> format : EventFormats.all()) {
            RecordParser<?> parser = new RecordParser<>(format, "fuzz", LIMIT);
            String valid = new HostileInputs(format, 1).validLine();
            // Exactly at the limit: an unknown padding field makes a valid record of LIMIT bytes;
            // it is parsed.
            String atLimit = padded(valid, LIMIT);
            assertEquals(LIMIT, atLimit.getBytes(StandardCharsets.UTF_8).length);
            assertTrue(
                    parser.parse(atLimit).isValid(),
                    format.name() + ": a record of exactly the limit is parsed");
            assertTrue(parser.parse(atLimit.getBytes(StandardCharsets.UTF_8)).isValid());
            // Above it (1 byte, and 8 MiB): refused with the documented reason, keeping a prefix
            // only.
            for (int size : new int[] {LIMIT + 1, 8 * LIMIT}) {
                String big = padded(valid, size);
                for (Parsed<?> p :
                        List.of(
                                parser.parse(big),
                                parser.parse(big.getBytes(StandardCharsets.UTF_8)))) {
                    assertFalse(p.isValid());
                    assertTrue(
                            p.deadLetter.reason.contains(
                                    "exceeds the limit of "
                                            + LIMIT
                                            + " bytes (--max-record-bytes)"),
                            p.deadLetter.reason);
                    assertTrue(p.deadLetter.truncated);
                    JsonNode json = JSON.readTree(p.deadLetter.toJson());
                    String kept =
                            json.has("raw")
                                    ? json.get("raw").asText()
                                    : json.get("raw_base64").asText();
                    assertTrue(
                            kept.length() <= 2 * RecordParser.MAX_RAW_KEPT,
                            "only a prefix is kept");
                }
            }
            // Multi-byte characters count as bytes, not chars: 400,000 euro signs are 1.2 MB.
            String euros =
                    padded(valid, 0)
                            .replace(
                                    "\"pad\":\"\"", "\"pad\":\"" + "\u20ac".repeat(400_000) + "\"");
            assertFalse(parser.parse(euros).isValid());
            // A smaller limit is honoured the same way.
            RecordParser<?> small = new RecordParser<>(format, "fuzz", 64);
            Parsed<?> p = small.parse(padded(valid, 65).getBytes(StandardCharsets.UTF_8));
            assertTrue(
                    p.deadLetter.reason.contains("exceeds the limit of 64 bytes"),
                    p.deadLetter.reason);
        }
    }

    /**
     * The valid record with a {@code "pad"} field added so that it is {@code size} bytes of UTF-8
     * long.
     */
    static String padded(String validLine, int size) {
        String prefix = validLine.substring(0, validLine.length() - 1) + ",\"pad\":\"";
        String suffix = "\"}";
        int pad = Math.max(0, size - prefix.length() - suffix.length());
        char[] fill = new char[pad];
        Arrays.fill(fill, 'x');
        return prefix + new String(fill) + suffix;
    }
}
