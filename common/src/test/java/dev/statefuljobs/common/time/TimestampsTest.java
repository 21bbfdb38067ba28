package dev.statefuljobs.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
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
}
