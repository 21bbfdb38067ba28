package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.groupstate.GroupStateFunction;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.tws.TTLConfig;
import java.time.Duration;
import java.util.function.LongFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Bounded state: 50,000 events from 10,000 users who keep rotating (user {@code i % 10,000}), over
 * a long event-time span, watermark after every 100 events: deterministic, no clock involved. With
 * a timeout the number of keys with state stays flat, below rate x timeout (+ the watermark's lag);
 * without one it grows with the number of distinct users, by design. The {@code activeKeys} gauge
 * of {@link GroupStateFunction} agrees with the backend's own count of keyed-state entries (two per
 * key: the value and the armed deadline, or one without timeout).
 */
class FailureBoundedStateTest {

    static final int EVENTS = 50_000;
    static final int USERS = 10_000;
    static final int WATERMARK_EVERY = 100;

    @Test
    void runningTotalExpiringStateIsBoundedByRateTimesTimeout() throws Exception {
        long stepMs =
                1000; // 1 transaction per second, timeout 1 h: about 3,600 users have a total at
        // any time
        Duration timeout = Duration.ofHours(1);
        GroupStateFunction<String, Transaction, Double, RunningTotal> fn =
                new GroupStateFunction<>(
                        new RunningTotalExpiringJob.AddOrExpire(timeout),
                        Types.DOUBLE,
                        TypeInformation.of(Transaction.class),
                        GroupStateTimeout.EventTimeTimeout);
        assertFlatAt(timeout.toMillis() / stepMs, transactions(fn, 2, stepMs));
    }

    @Test
    void userSessionsStateIsBoundedByRateTimesGap() throws Exception {
        long stepMs = 100; // 10 clicks per second, 30 s gap: about 300 open sessions at any time
        Duration gap = Duration.ofSeconds(30);
        GroupStateFunction<String, Click, Session, SessionUpdate> fn =
                new GroupStateFunction<>(
                        new UserSessionsJob.UpdateSession(gap, true),
                        Types.POJO(Session.class),
                        TypeInformation.of(Click.class),
                        GroupStateTimeout.EventTimeTimeout);
        assertFlatAt(
                gap.toMillis() / stepMs,
                run(
                        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                                fn, c -> c.userId, Types.STRING),
                        fn,
                        2,
                        stepMs,
                        t -> new Click("user" + (t / stepMs % USERS), "click", t)));
    }

    /**
     * running-total has no timeout: one total per user ever seen, so state grows with distinct
     * users.
     */
    @Test
    void runningTotalWithoutTimeoutGrowsWithDistinctUsers() throws Exception {
        assertEquals(USERS, transactions(addToTotal(), 1, 1000)[1]);
    }

    /**
     * running-total --state-ttl-event-time 1h: the event-time TTL bounds it like a timeout (two
     * entries per key: the total and its expiry).
     */
    @Test
    void runningTotalWithAnEventTimeTtlIsBoundedByRateTimesTtl() throws Exception {
        long stepMs = 1000;
        Duration ttl = Duration.ofHours(1);
        assertFlatAt(
                ttl.toMillis() / stepMs,
                transactions(addToTotal().withTtl(TTLConfig.eventTime(ttl)), 2, stepMs));
    }

    /** running-total's update function, without a timeout. */
    private static GroupStateFunction<String, Transaction, Double, RunningTotal> addToTotal() {
        return GroupStateFunction.forMap(
                new RunningTotalJob.AddToTotal(),
                Types.DOUBLE,
                TypeInformation.of(Transaction.class),
                GroupStateTimeout.NoTimeout);
    }

    /** {@link #run} with one transaction of 1.0 every {@code stepMs}, from the rotating users. */
    private static long[] transactions(
            GroupStateFunction<String, Transaction, Double, RunningTotal> fn,
            int entriesPerKey,
            long stepMs)
            throws Exception {
        return run(
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, tx -> tx.userId, Types.STRING),
                fn,
                entriesPerKey,
                stepMs,
                t -> new Transaction("user" + (t / stepMs % USERS), "tx", t, 1.0));
    }

    /**
     * The sampled {min, max} keys with state stay within the watermark's lag of {@code keys}: at
     * most that many (bounded), at least that many (flat, not draining).
     */
    private static void assertFlatAt(long keys, long[] range) {
        long bound = keys + WATERMARK_EVERY;
        assertTrue(range[1] <= bound, "at most " + bound + " keys with state, was " + range[1]);
        assertTrue(range[0] >= keys - WATERMARK_EVERY, "flat, not draining: min " + range[0]);
    }

    /**
     * Feeds the events, samples the gauge after each watermark once every user has been seen once,
     * and checks it against the backend's count of keyed-state entries. Returns {min, max} of the
     * sampled gauge.
     */
    private static <T, R> long[] run(
            KeyedOneInputStreamOperatorTestHarness<String, T, R> harness,
            GroupStateFunction<String, T, ?, R> fn,
            int entriesPerKey,
            long stepMs,
            LongFunction<T> event)
            throws Exception {
        long start = 1_700_000_000_000L;
        long min = Long.MAX_VALUE;
        long max = 0;
        try (harness) {
            for (int i = 0; i < EVENTS; i++) {
                long t = start + i * stepMs;
                harness.processElement(event.apply(t), t);
                if (i % WATERMARK_EVERY == WATERMARK_EVERY - 1) {
                    harness.processWatermark(new Watermark(t));
                    harness.getOutput().clear(); // keep memory flat: only the state is under test
                    assertEquals(
                            entriesPerKey * fn.activeKeys(),
                            harness.numKeyedStateEntries(),
                            "gauge = entries");
                    if (i >= USERS) {
                        min = Math.min(min, fn.activeKeys());
                        max = Math.max(max, fn.activeKeys());
                    }
                }
            }
        }
        return new long[] {min, max};
    }
}
