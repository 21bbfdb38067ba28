package dev.statefuljobs.common.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.EventFormats;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.TransactionFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LineGeneratorTest {

    private static final ClickFormat CLICKS = new ClickFormat();
    private static final Duration LATE_BY = Duration.ofMinutes(5);

    private static List<String> lines(
            EventFormat<?> format, long seed, double lateFraction, int n) {
        LineGenerator g = new LineGenerator(format.generator(), seed, 10, lateFraction, LATE_BY);
        return LongStream.range(0, n).mapToObj(g::line).collect(Collectors.toList());
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        assertEquals(lines(CLICKS, 7, 0.1, 1000), lines(CLICKS, 7, 0.1, 1000));
        assertNotEquals(lines(CLICKS, 7, 0.1, 1000), lines(CLICKS, 8, 0.1, 1000));
        // A line depends only on the seed and its index: any range can be generated on its own.
        LineGenerator g = new LineGenerator(CLICKS.generator(), 7, 10, 0.1, LATE_BY);
        assertEquals(lines(CLICKS, 7, 0.1, 1000).get(765), g.line(765));
    }

    @Test
    void everyGeneratedLineOfEveryFormatParses() throws InvalidRecordException {
        for (EventFormat<?> format : EventFormats.all()) {
            for (String line : lines(format, 1, 0.1, 2000)) {
                format.parse(line); // throws on a bad line
            }
        }
    }

    @Test
    void onTimeEventTimesAdvanceBy100msFrom2025AndKeysStayInRange() throws InvalidRecordException {
        List<String> lines = lines(CLICKS, 3, 0, 500);
        Set<String> users = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Click c = CLICKS.parse(lines.get(i));
            assertEquals(1735689600000L + 100L * i, c.timestamp);
            users.add(c.userId);
        }
        assertEquals(10, users.size());
        assertTrue(users.stream().allMatch(u -> u.matches("user([1-9]|10)")), users.toString());
    }

    @Test
    void theLateFractionIsRoughlyHonouredAndLateEventsArePushedBackBeyondTheBound()
            throws InvalidRecordException {
        Duration bound = Duration.ofSeconds(10);
        LineGenerator g = new LineGenerator(CLICKS.generator(), 11, 10, 0.2, bound.plus(LATE_BY));
        int n = 20_000;
        int late = 0;
        for (long i = 0; i < n; i++) {
            long t = CLICKS.parse(g.line(i)).timestamp;
            long onTime = LineGenerator.onTimeEventTime(i);
            if (t != onTime) {
                assertEquals(onTime - bound.toMillis() - LATE_BY.toMillis(), t);
                late++;
            }
        }
        assertEquals(0.2, late / (double) n, 0.015);
    }

    @Test
    void transactionsCarryEpochSecondsAndCentAmounts() throws InvalidRecordException {
        TransactionFormat format = new TransactionFormat();
        Transaction t = format.parse(lines(format, 5, 0, 11).get(10));
        assertEquals(1735689601000L, t.transactionTime);
        assertEquals("tx10", t.transactionId);
        assertTrue(
                t.amount >= 0.01
                        && t.amount <= 1000.0
                        && Math.round(t.amount * 100) / 100.0 == t.amount);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LineGenerator(CLICKS.generator(), 1, 0, 0, LATE_BY));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LineGenerator(CLICKS.generator(), 1, 5, 1.5, LATE_BY));
    }
}
