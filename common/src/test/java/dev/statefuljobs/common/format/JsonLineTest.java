package dev.statefuljobs.common.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonLine} writes exactly the text of its first version (Jackson-escaped strings,
 * Instant.toString).
 */
class JsonLineTest {

    /** The first version of JsonLine, kept here as the reference for the text. */
    private static final class Reference {
        private final StringBuilder out = new StringBuilder(128).append('{');
        private boolean empty = true;

        Reference field(String name, String value) {
            key(name);
            if (value == null) {
                out.append("null");
            } else {
                quote(value);
            }
            return this;
        }

        Reference field(String name, long value) {
            key(name).append(value);
            return this;
        }

        Reference field(String name, double value) {
            key(name).append(value);
            return this;
        }

        Reference field(String name, boolean value) {
            key(name).append(value);
            return this;
        }

        Reference instant(String name, long epochMillis) {
            return field(name, Instant.ofEpochMilli(epochMillis).toString());
        }

        Reference json(String name, String json) {
            key(name).append(json == null ? "null" : json);
            return this;
        }

        Reference flag(String name, boolean set) {
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

    @Test
    void emptyObject() {
        assertEquals("{}", JsonLine.object().toString());
    }

    @Test
    void seedRows() {
        assertEquals(
                "{\"window_start\":\"2023-07-30T10:00:00Z\",\"window_end\":\"2023-07-30T10:01:00Z\","
                        + "\"user_id\":\"user1\",\"count\":2}",
                JsonLine.object()
                        .instant("window_start", 1690711200000L)
                        .instant("window_end", 1690711260000L)
                        .field("user_id", "user1")
                        .field("count", 2L)
                        .flag("update", false)
                        .toString());
        assertEquals(
                "{\"userId\":\"user1\",\"total\":50.0}",
                JsonLine.object().field("userId", "user1").field("total", 50.0).toString());
    }

    @Test
    void toStringTwiceAndThenMoreFields() {
        JsonLine line = JsonLine.object().field("a", 1L);
        assertEquals("{\"a\":1}", line.toString());
        assertEquals("{\"a\":1}", line.toString());
        assertEquals("{\"a\":1,\"b\":\"x\"}", line.field("b", "x").toString());
    }

    @Test
    void escapesEveryCharacterAsJackson() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String s = "a" + c + "b";
            assertEquals(
                    new Reference().field("k" + c, s).toString(),
                    JsonLine.object().field("k" + c, s).toString(),
                    "char " + (int) c);
        }
    }

    @Test
    void needsEscapingOnlyForControlCharactersQuoteAndBackslash() {
        assertFalse(JsonLine.needsEscaping("user1 é € / ' \u007f \ud83d\ude00"));
        assertTrue(JsonLine.needsEscaping("a\"b"));
        assertTrue(JsonLine.needsEscaping("a\\b"));
        assertTrue(JsonLine.needsEscaping("a\nb"));
        assertTrue(JsonLine.needsEscaping("\u001f"));
    }

    @Test
    void randomRowsMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            JsonLine line = JsonLine.object();
            Reference ref = new Reference();
            int fields = rnd.nextInt(8);
            for (int f = 0; f < fields; f++) {
                String name = randomString(rnd, 6);
                switch (rnd.nextInt(7)) {
                    case 0:
                        {
                            String v = rnd.nextInt(10) == 0 ? null : randomString(rnd, 20);
                            line.field(name, v);
                            ref.field(name, v);
                            break;
                        }
                    case 1:
                        {
                            long v = rnd.nextLong();
                            line.field(name, v);
                            ref.field(name, v);
                            break;
                        }
                    case 2:
                        {
                            double v =
                                    rnd.nextInt(3) == 0
                                            ? rnd.nextInt(100_000) / 100.0
                                            : Double.longBitsToDouble(rnd.nextLong());
                            line.field(name, v);
                            ref.field(name, v);
                            break;
                        }
                    case 3:
                        {
                            long ms =
                                    rnd.nextInt(4) == 0
                                            ? rnd.nextLong()
                                            : rnd.nextLong(0, 253402300800000L);
                            line.instant(name, ms);
                            ref.instant(name, ms);
                            break;
                        }
                    case 4:
                        {
                            boolean v = rnd.nextBoolean();
                            line.flag(name, v);
                            ref.flag(name, v);
                            break;
                        }
                    case 5:
                        {
                            boolean v = rnd.nextBoolean();
                            line.field(name, v);
                            ref.field(name, v);
                            break;
                        }
                    default:
                        {
                            String v = rnd.nextBoolean() ? null : "{\"x\":" + rnd.nextInt() + "}";
                            line.json(name, v);
                            ref.json(name, v);
                        }
                }
            }
            assertEquals(ref.toString(), line.toString());
        }
    }

    /** Mostly ASCII, sometimes a character that needs escaping, sometimes any UTF-16 unit. */
    private static String randomString(SplittableRandom rnd, int maxLength) {
        int n = rnd.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(20);
            if (kind == 0) {
                s.append((char) rnd.nextInt(0x20));
            } else if (kind == 1) {
                s.append(rnd.nextBoolean() ? '"' : '\\');
            } else if (kind == 2) {
                s.append((char) rnd.nextInt(Character.MAX_VALUE + 1));
            } else {
                s.append((char) (0x20 + rnd.nextInt(0x5f)));
            }
        }
        return s.toString();
    }
}
