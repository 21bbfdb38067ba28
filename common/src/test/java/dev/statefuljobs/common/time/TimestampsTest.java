package dev.statefuljobs.common.time;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                999L,
                1000L,
                1690711200000L,
                1690711200100L,
                1690711200010L,
                1735689599999L,
                951782400000L /* 2000-02-29 */,
                253402300799999L /* the last millisecond of 9999 */,
                -1L,
                -86_400_000L,
                253402300800000L /* outside 1970..9999: the general formatter */
            })
    void toIsoIsInstantToString(long ms) {
        assertEquals(Instant.ofEpochMilli(ms).toString(), Timestamps.toIso(ms));
    }

    @Test
    void toIsoMatchesInstantToStringOnRandomMillis() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long ms = rnd.nextLong(0, Timestamps.MAX_EVENT_TIME_MS + 1);
            if (i % 3 == 0) {
                ms -= ms % 1000; // whole seconds print without a fraction
            }
            assertEquals(Instant.ofEpochMilli(ms).toString(), Timestamps.toIso(ms), "at " + ms);
        }
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                999L,
                1000L,
                1690711200000L,
                1690711200100L,
                1690711200010L,
                1735689599999L,
                951782400000L,
                253402300799999L,
                -1L,
                -86_400_000L,
                253402300800000L
            })
    void appendIsoIsInstantToString(long ms) {
        StringBuilder out = new StringBuilder("x");
        Timestamps.appendIso(out, ms);
        assertEquals("x" + Instant.ofEpochMilli(ms), out.toString());
    }

    @Test
    void appendIsoMatchesToIsoOnRandomMillis() {
        SplittableRandom rnd = new SplittableRandom(11);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            long ms = rnd.nextLong(0, Timestamps.MAX_EVENT_TIME_MS + 1);
            if (i % 3 == 0) {
                ms -= ms % 1000;
            }
            out.setLength(0);
            Timestamps.appendIso(out, ms);
            assertEquals(Timestamps.toIso(ms), out.toString(), "at " + ms);
        }
    }

    /**
     * appendIso keeps each minute's text for reuse: instants that share a minute, and minutes that
     * share a slot of the cache (1024 minutes apart), must still read as Instant.toString().
     */
    @Test
    void appendIsoReusesMinutesCorrectly() {
        SplittableRandom rnd = new SplittableRandom(3);
        StringBuilder out = new StringBuilder();
        long base = 1_735_689_600_000L;
        for (int i = 0; i < 200_000; i++) {
            long minute = rnd.nextInt(4) * 1024L + rnd.nextInt(3);
            long ms =
                    base
                            + minute * 60_000L
                            + (rnd.nextBoolean() ? rnd.nextInt(60) * 1000L : rnd.nextInt(60_000));
            out.setLength(0);
            Timestamps.appendIso(out, ms);
            assertEquals(Instant.ofEpochMilli(ms).toString(), out.toString(), "at " + ms);
        }
    }

    /**
     * The direct reader of the common ISO form must give exactly what the formatter gives, on every
     * text it accepts; what it does not accept goes to the formatter, so errors cannot differ.
     */
    @Test
    void commonIsoFormAgreesWithTheFormatter() {
        List<String> texts = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(13);
        String[] offsets = {
            "Z",
            "z",
            "+00:00",
            "-00:00",
            "+01:00",
            "-05:30",
            "+18:00",
            "-18:00",
            "+18:01",
            "+19:00",
            "+05:60",
            "+0530",
            "+05",
            "+05:30:00",
            "+5:30",
            "UTC",
            ""
        };
        for (int i = 0; i < 100_000; i++) {
            long ms = rnd.nextLong(-86_400_000L, Timestamps.MAX_EVENT_TIME_MS + 86_400_000L);
            String iso = Instant.ofEpochMilli(i % 3 == 0 ? ms - ms % 1000 : ms).toString();
            texts.add(iso);
            String local = iso.substring(0, 19);
            String fraction =
                    i % 2 == 0 ? "" : "." + "123456789012".substring(0, rnd.nextInt(0, 12));
            texts.add(local + fraction + offsets[rnd.nextInt(offsets.length)]);
        }
        String[] years = {"0000", "0001", "1969", "1970", "1999", "2000", "2023", "2024", "2100"};
        for (String year : years) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    for (String time :
                            new String[] {"00:00:00", "23:59:59", "24:00:00", "12:60:00"}) {
                        texts.add(String.format("%s-%02d-%02dT%sZ", year, month, day, time));
                    }
                }
            }
        }
        for (String time : new String[] {"10:00:60", "10:00", "10:00:00.", "10:00:00,5"}) {
            texts.add("2023-07-30T" + time + "Z");
        }
        String base = "2024-02-29T23:59:59.999+01:30";
        String chars = "0123456789-:T.Zz+ t/\u00e9\u0660";
        for (int at = 0; at < base.length(); at++) {
            texts.add(base.substring(0, at));
            texts.add(base.substring(0, at) + base.substring(at + 1));
            for (char c : chars.toCharArray()) {
                texts.add(base.substring(0, at) + c + base.substring(at + 1));
            }
        }
        texts.addAll(
                List.of(
                        "+999999999-12-31T23:59:59Z",
                        "-000001-01-01T00:00:00Z",
                        "10000-01-01T00:00:00Z",
                        "+2023-07-30T10:00:00Z",
                        "\uFEFF2023-07-30T10:00:00Z",
                        " 2023-07-30T10:00:00Z",
                        "2023-07-30T10:00:00Z "));
        int common = 0;
        for (String text : texts) {
            long fast = Timestamps.parseCommonIso(text);
            if (fast == Timestamps.NOT_COMMON) {
                continue;
            }
            common++;
            long expected =
                    assertDoesNotThrow(
                            () ->
                                    DateTimeFormatter.ISO_OFFSET_DATE_TIME
                                            .parse(text, Instant::from)
                                            .toEpochMilli(),
                            text);
            assertEquals(expected, fast, text);
        }
        assertTrue(common > 100_000, "the common form is read directly: " + common);
        for (int i = 0; i < 1000; i++) {
            String iso =
                    Instant.ofEpochMilli(rnd.nextLong(Timestamps.MAX_EVENT_TIME_MS)).toString();
            assertNotEquals(Timestamps.NOT_COMMON, Timestamps.parseCommonIso(iso), iso);
        }
    }
}
