package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static dev.statefuljobs.common.groupstate.Harnesses.keyedStateEntries;
import static dev.statefuljobs.common.groupstate.Harnesses.timers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lazy re-arming of timeout timers ({@link TimeoutTimers}): a deadline that moves later keeps its
 * earlier timer, which re-arms at the deadline when it fires. The timeouts must be those of one
 * timer per deadline: same calls, same times, once each. The clock is the watermark for
 * EventTimeTimeout and processing time for ProcessingTimeTimeout, as in {@link
 * GroupStateTimeoutTest}.
 */
class GroupStateLazyTimersTest {

    /** Amount that removes the value and the timeout. */
    static final long REMOVE = -1;

    /** Amount 0 counts the record and clears the timeout; a positive one arms now + amount. */
    static final long NO_TIMEOUT = 0;

    private GroupStateTimeout mode;
    private Backend backend;
    private GroupStateFunction<String, Event, Long, String> function;
    private KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness;
    private long now;

    static Stream<Arguments> timedModes() {
        return GroupStateTimeoutTest.timedModes();
    }

    /**
     * Counts records per key and arms "now + amount" for a positive amount. A timeout says the
     * count and removes the key, except at an even count, where it re-arms 50 ms later.
     */
    static GroupStateFunction<String, Event, Long, String> deadlines(GroupStateTimeout mode) {
        return new GroupStateFunction<>(
                (key, values, s) -> {
                    if (s.hasTimedOut()) {
                        long count = s.getOption().orElse(0L);
                        if (count % 2 == 0) {
                            GroupStateTimeoutTest.arm(s, mode, 50);
                        } else {
                            s.remove();
                        }
                        return List.of("timeout " + key + "=" + count).iterator();
                    }
                    Event e = values.next();
                    String pending = " pending=" + s.getPendingTimeoutTimestampMs().orElse(-1);
                    if (e.amount == REMOVE) {
                        s.remove();
                    } else {
                        s.update(s.getOption().orElse(0L) + 1);
                        if (e.amount > 0) {
                            GroupStateTimeoutTest.arm(s, mode, e.amount);
                        }
                    }
                    return List.of(key + "=" + s.getOption().orElse(0L) + pending).iterator();
                },
                Types.LONG,
                EVENT,
                mode);
    }

    private void start(Backend backend, GroupStateTimeout mode, OperatorSubtaskState restore)
            throws Exception {
        this.backend = backend;
        this.mode = mode;
        function = deadlines(mode);
        harness = Harnesses.open(function, backend, restore);
        now = 1_000;
        harness.setProcessingTime(now);
        harness.processWatermark(now);
    }

    /** Moves the clock of the mode: the watermark or processing time. */
    private void advance(long time) throws Exception {
        now = time;
        advance(harness, mode, time);
    }

    private static void advance(
            KeyedOneInputStreamOperatorTestHarness<String, Event, String> h,
            GroupStateTimeout mode,
            long time)
            throws Exception {
        if (mode == GroupStateTimeout.EventTimeTimeout) {
            h.processWatermark(time);
        } else {
            h.setProcessingTime(time);
        }
    }

    /** A record just after the current clock (so never late). */
    private void send(String user, long amount) throws Exception {
        harness.processElement(new Event(user, amount), now + 1);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aDeadlineMovedLaterSeveralTimesFiresOnceAtTheLast(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 100); // deadline 1 100: timer at 1 101
        advance(1_050);
        send("a", 100); // 1 150
        advance(1_090);
        send("a", 100); // 1 190
        advance(1_099);
        send("a", 100); // 1 199
        assertThat(timers(harness)).isEqualTo(1); // still the first one
        advance(1_101); // the first timer fires and re-arms at 1 200
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_199); // the deadline itself: not yet
        assertThat(drain(harness))
                .containsExactly(
                        "a=1 pending=-1",
                        "a=2 pending=1100",
                        "a=3 pending=1150",
                        "a=4 pending=1190");
        assertThat(function.timeoutCount()).isZero();
        advance(1_200);
        assertThat(drain(harness)).containsExactly("timeout a=4"); // even: re-armed at 1 250
        advance(1_251);
        assertThat(drain(harness)).containsExactly("timeout a=4");
        assertThat(function.timeoutCount()).isEqualTo(2);
        assertThat(timers(harness)).isEqualTo(1); // re-armed again at 1 301
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aClockJumpPastAMovedDeadlineFiresItOnceInTheSameAdvance(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 100); // 1 100
        send("a", 200); // 1 200, timer still at 1 101
        send("a", 300); // 1 300
        send("b", 250); // 1 250
        drain(harness);
        advance(100_000);
        // Timers fire in time order: b's deadline (1 250) before a's (1 300), as with one timer
        // each, though a's first timer (1 101) came first.
        assertThat(drain(harness)).containsExactly("timeout b=1", "timeout a=3");
        assertThat(function.timeoutCount()).isEqualTo(2);
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isZero();
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aDeadlineMovedEarlierFiresAtTheEarlierTimeOnly(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 500); // 1 500
        send("a", 100); // earlier, 1 100: the timer at 1 501 is deleted
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_100);
        assertThat(drain(harness)).containsExactly("a=1 pending=-1", "a=2 pending=1500");
        advance(1_101);
        assertThat(drain(harness)).containsExactly("timeout a=2"); // even: re-armed at 1 151
        send("a", NO_TIMEOUT); // count 3, no timeout: nothing pending
        assertThat(drain(harness)).containsExactly("a=3 pending=1151");
        assertThat(timers(harness)).isZero();
        advance(10_000);
        assertThat(drain(harness)).isEmpty();
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void laterThenEarlierButAfterTheKeptTimerKeepsIt(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 100); // 1 100: timer 1 101
        send("a", 500); // later, 1 500: timer still 1 101
        send("a", 200); // earlier than 1 500, still after 1 101: the timer stays
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_101); // stale: re-arms at 1 201
        advance(1_200);
        assertThat(drain(harness))
                .containsExactly("a=1 pending=-1", "a=2 pending=1100", "a=3 pending=1500");
        advance(1_201);
        assertThat(drain(harness)).containsExactly("timeout a=3"); // odd: removed
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void laterThenEarlierThanTheKeptTimerReplacesIt(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 300); // 1 300: timer 1 301
        send("a", 500); // 1 500: timer still 1 301
        send("a", 100); // 1 100: before the kept timer, which is deleted
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_101);
        assertThat(drain(harness))
                .containsExactly(
                        "a=1 pending=-1", "a=2 pending=1300", "a=3 pending=1500", "timeout a=3");
        assertThat(timers(harness)).isZero();
        advance(10_000);
        assertThat(drain(harness)).isEmpty();
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aRemovedTimeoutDeletesTheKeptTimer(Backend b, GroupStateTimeout m) throws Exception {
        start(b, m, null);
        send("a", 100); // 1 100: timer 1 101
        send("a", 500); // 1 500, lazily: timer still 1 101
        send("a", NO_TIMEOUT); // cleared: the timer at 1 101 goes
        send("b", 100);
        send("b", 300);
        send("b", REMOVE); // value and timeout gone
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1); // a's count
        advance(100_000);
        assertThat(drain(harness))
                .containsExactly(
                        "a=1 pending=-1",
                        "a=2 pending=1100",
                        "a=3 pending=1500",
                        "b=1 pending=-1",
                        "b=2 pending=1100",
                        "b=0 pending=1300");
        assertThat(function.timeoutCount()).isZero();
    }

    /**
     * Which timer a key kept is not in the snapshot: a timeout removed after the restore leaves
     * that timer, which fires into a key without a deadline and does nothing.
     */
    @ParameterizedTest
    @MethodSource("timedModes")
    void aTimeoutRemovedAfterARestoreNeverFires(Backend b, GroupStateTimeout m) throws Exception {
        start(b, m, null);
        send("a", 100); // 1 100: timer 1 101
        send("a", 500); // 1 500: timer still 1 101
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1_000L);
        harness.close();

        start(b, m, snapshot);
        send("a", NO_TIMEOUT); // cleared
        assertThat(drain(harness)).containsExactly("a=3 pending=1500");
        assertThat(timers(harness)).isEqualTo(1); // the kept 1 101
        advance(1_101);
        assertThat(timers(harness)).isZero();
        advance(100_000);
        assertThat(drain(harness)).isEmpty();
        assertThat(function.timeoutCount()).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1); // a's count
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aTimerKeptForAMovedDeadlineIsRestoredFromASnapshot(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, null);
        send("a", 100); // 1 100: timer 1 101
        advance(1_050);
        send("a", 100); // 1 150, timer still 1 101
        send("a", 140); // 1 190
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1_050L);
        harness.close();

        start(b, m, snapshot);
        advance(1_050);
        assertThat(timers(harness)).isEqualTo(1);
        send("a", 140); // 1 190 again: no change
        advance(1_101); // stale: re-arms at 1 191
        advance(1_190);
        assertThat(drain(harness)).containsExactly("a=4 pending=1190");
        assertThat(function.timeoutCount()).isZero();
        advance(1_191);
        assertThat(drain(harness)).containsExactly("timeout a=4"); // even: re-armed at 1 241
        advance(1_242);
        assertThat(drain(harness)).containsExactly("timeout a=4");
        assertThat(function.timeoutCount()).isEqualTo(2);
    }

    /**
     * Lazy against eager (one timer per deadline, deleted when it moves) on random records and
     * clock moves over a few keys: after every step both emitted the same outputs at the same
     * timestamps (as a multiset: timers of different keys at the same time fire in either order),
     * and counted the same timeouts.
     */
    @ParameterizedTest
    @MethodSource("timedModes")
    void lazyAndEagerTimersTimeOutTheSame(Backend b, GroupStateTimeout m) throws Exception {
        Random random = new Random(b.ordinal() * 31L + m.ordinal());
        GroupStateFunction<String, Event, Long, String> lazyFn = deadlines(m);
        GroupStateFunction<String, Event, Long, String> eagerFn = deadlines(m).withEagerTimers();
        var lazy = Harnesses.open(lazyFn, b);
        var eager = Harnesses.open(eagerFn, b);
        try {
            long clock = 1_000;
            for (var h : List.of(lazy, eager)) {
                h.setProcessingTime(clock);
                h.processWatermark(clock);
            }
            int timeoutsSeen = 0;
            for (int step = 0; step < 3_000; step++) {
                int action = random.nextInt(10);
                String user = "u" + random.nextInt(6);
                long amount =
                        action == 0 ? REMOVE : action == 1 ? NO_TIMEOUT : 1 + random.nextInt(300);
                long advanceTo = clock + random.nextInt(120);
                boolean tick = action >= 7;
                for (var h : List.of(lazy, eager)) {
                    if (tick) {
                        advance(h, m, advanceTo);
                    } else {
                        h.processElement(new Event(user, amount), clock + 1);
                    }
                }
                if (tick) {
                    clock = advanceTo;
                }
                assertThat(outputs(lazy)).as("step %d", step).isEqualTo(outputs(eager));
                assertThat(lazyFn.timeoutCount()).isEqualTo(eagerFn.timeoutCount());
                timeoutsSeen = (int) lazyFn.timeoutCount();
            }
            for (var h : List.of(lazy, eager)) {
                advance(h, m, clock + 1_000); // past every deadline set by a record
            }
            assertThat(outputs(lazy)).isEqualTo(outputs(eager));
            assertThat(timeoutsSeen).as("the random walk fires timeouts").isGreaterThan(100);
            assertThat(keyedStateEntries(lazy, b)).isEqualTo(keyedStateEntries(eager, b));
        } finally {
            lazy.close();
            eager.close();
        }
    }

    /** The outputs since the last call, each with its timestamp, sorted; clears them. */
    private static List<String> outputs(
            KeyedOneInputStreamOperatorTestHarness<String, Event, String> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add(r.getValue() + "@" + (r.hasTimestamp() ? r.getTimestamp() : "none"));
            }
        }
        h.getOutput().clear();
        out.sort(null);
        return out;
    }
}
