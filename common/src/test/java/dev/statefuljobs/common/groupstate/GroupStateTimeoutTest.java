package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static dev.statefuljobs.common.groupstate.Harnesses.keyedStateEntries;
import static dev.statefuljobs.common.groupstate.Harnesses.timers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeout semantics on both state backends and both timed modes. The clock is the watermark for
 * EventTimeTimeout and processing time for ProcessingTimeTimeout; a scripted function keeps a
 * running total per user and arms "now + 100 ms" on each positive amount.
 */
class GroupStateTimeoutTest {

    /** Amount that removes the state without a timeout. */
    static final long REMOVE = -1;

    /** Amount that removes the state and arms a timeout in the same call. */
    static final long REMOVE_AND_ARM = -2;

    /** Amount 0 updates without arming: the call clears the timeout. */
    static final long NO_TIMEOUT = 0;

    enum OnTimeout {
        REMOVE,
        KEEP,
        REARM
    }

    private GroupStateTimeout mode;
    private Backend backend;
    private GroupStateFunction<String, Event, Long, String> function;
    private KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness;
    private long now;

    static Stream<Arguments> timedModes() {
        return Stream.of(Backend.values())
                .flatMap(
                        b ->
                                Stream.of(
                                        Arguments.of(b, GroupStateTimeout.ProcessingTimeTimeout),
                                        Arguments.of(b, GroupStateTimeout.EventTimeTimeout)));
    }

    static void arm(GroupState<?> state, GroupStateTimeout mode, long delayMs) {
        if (mode == GroupStateTimeout.ProcessingTimeTimeout) {
            state.setTimeoutDuration(delayMs);
        } else {
            state.setTimeoutTimestamp(state.getCurrentWatermarkMs() + delayMs);
        }
    }

    static GroupStateFunction<String, Event, Long, String> script(
            GroupStateTimeout mode, OnTimeout onTimeout) {
        return new GroupStateFunction<>(
                (key, values, s) -> {
                    if (s.hasTimedOut()) {
                        assertThat(values.hasNext()).isFalse();
                        String out =
                                "timeout "
                                        + key
                                        + "="
                                        + s.getOption().map(String::valueOf).orElse("none");
                        switch (onTimeout) {
                            case REMOVE -> s.remove();
                            case REARM -> arm(s, mode, 100);
                            case KEEP -> {}
                        }
                        return List.of(out).iterator();
                    }
                    Event e = values.next();
                    if (e.amount == REMOVE) {
                        s.remove();
                    } else if (e.amount == REMOVE_AND_ARM) {
                        s.remove();
                        arm(s, mode, 100);
                    } else {
                        s.update(s.getOption().orElse(0L) + e.amount);
                        if (e.amount > 0) {
                            arm(s, mode, 100);
                        }
                    }
                    return List.of(key + "=" + s.getOption().map(String::valueOf).orElse("none"))
                            .iterator();
                },
                Types.LONG,
                EVENT,
                mode);
    }

    private void start(
            Backend backend,
            GroupStateTimeout mode,
            OnTimeout onTimeout,
            OperatorSubtaskState restore)
            throws Exception {
        this.backend = backend;
        this.mode = mode;
        function = script(mode, onTimeout);
        harness = Harnesses.open(function, backend, restore);
        now = 1_000;
        harness.setProcessingTime(now);
        harness.processWatermark(now);
    }

    private void start(Backend backend, GroupStateTimeout mode, OnTimeout onTimeout)
            throws Exception {
        start(backend, mode, onTimeout, null);
    }

    /** Moves the clock of the mode: the watermark or processing time. */
    private void advance(long time) throws Exception {
        now = time;
        if (mode == GroupStateTimeout.EventTimeTimeout) {
            harness.processWatermark(time);
        } else {
            harness.setProcessingTime(time);
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
    void timesOutStrictlyAfterTheDeadlineAndRemovalLeavesNothing(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5); // deadline 1 100
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_100);
        assertThat(drain(harness)).containsExactly("a=5");
        advance(1_101);
        assertThat(drain(harness)).containsExactly("timeout a=5");
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(timers(harness)).isZero();
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void onlyTheLatestDeadlineFires(Backend b, GroupStateTimeout m) throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5); // deadline 1 100
        advance(1_050);
        send("a", 1); // re-armed: deadline 1 150, the 1 100 timer is deleted
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_120);
        assertThat(drain(harness)).containsExactly("a=5", "a=6");
        advance(1_151);
        assertThat(drain(harness)).containsExactly("timeout a=6");
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aCallThatSetsNoTimeoutClearsIt(Backend b, GroupStateTimeout m) throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5);
        send("a", NO_TIMEOUT);
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1); // the value, no deadline
        advance(100_000);
        send("a", 1);
        assertThat(drain(harness)).containsExactly("a=5", "a=5", "a=6");
        assertThat(function.timeoutCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void aTimedOutCallCanArmANewTimeout(Backend b, GroupStateTimeout m) throws Exception {
        start(b, m, OnTimeout.REARM);
        send("a", 5);
        advance(1_101); // fires; re-armed at 1 101 + 100
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_201);
        assertThat(drain(harness)).containsExactly("a=5", "timeout a=5");
        advance(1_202);
        assertThat(drain(harness)).containsExactly("timeout a=5");
        assertThat(function.timeoutCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void stateKeptWithoutTimeoutAfterATimedOutCallStaysForever(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, OnTimeout.KEEP);
        send("a", 5);
        advance(1_101);
        assertThat(drain(harness)).containsExactly("a=5", "timeout a=5");
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1);
        advance(10_000_000);
        assertThat(drain(harness)).isEmpty();
        send("a", NO_TIMEOUT);
        assertThat(drain(harness)).containsExactly("a=5");
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void removeWithoutTimeoutLeavesNoStateAndNoTimer(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5);
        send("b", 7);
        send("a", REMOVE);
        send("b", NO_TIMEOUT);
        send("b", REMOVE);
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(timers(harness)).isZero();
        advance(1_000_000);
        assertThat(drain(harness)).containsExactly("a=5", "b=7", "a=none", "b=7", "b=none");
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void removeKeepsATimeoutSetInTheSameCallUntilItFires(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5);
        advance(1_050);
        send("a", REMOVE_AND_ARM); // value gone, deadline 1 150 kept
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1);
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_151);
        assertThat(drain(harness)).containsExactly("a=5", "a=none", "timeout a=none");
        assertThat(keyedStateEntries(harness, backend)).isZero();
        assertThat(timers(harness)).isZero();
    }

    @ParameterizedTest
    @MethodSource("timedModes")
    void snapshotAndRestoreKeepStateAndThePendingTimeout(Backend b, GroupStateTimeout m)
            throws Exception {
        start(b, m, OnTimeout.REMOVE);
        send("a", 5); // deadline 1 100
        send("b", 7);
        send("b", NO_TIMEOUT); // b: value, no deadline
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1_000L);
        harness.close();

        start(b, m, OnTimeout.REMOVE, snapshot);
        assertThat(timers(harness)).isEqualTo(1);
        advance(1_101);
        send("b", 1);
        assertThat(drain(harness)).containsExactly("timeout a=5", "b=8");
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(2); // b's value and deadline
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventTimeFiresOnlyWhenTheWatermarkIsPastTheTimestamp(Backend b) throws Exception {
        start(b, GroupStateTimeout.EventTimeTimeout, OnTimeout.REMOVE);
        send("a", 5); // timeout timestamp 1 100
        harness.processWatermark(1_100); // Spark: watermark == timestamp does not time out
        assertThat(drain(harness)).containsExactly("a=5");
        harness.processWatermark(1_101);
        assertThat(drain(harness)).containsExactly("timeout a=5");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRecordAfterAnUnfiredDeadlineIsADataCallNotATimeout(Backend b) throws Exception {
        start(b, GroupStateTimeout.EventTimeTimeout, OnTimeout.REMOVE);
        send("a", 5); // deadline 1 100
        harness.processElement(
                new Event("a", 1), 5_000); // event time past the deadline, watermark 1 000
        assertThat(drain(harness)).containsExactly("a=5", "a=6");
        assertThat(timers(harness)).isEqualTo(1);
        assertThat(function.timeoutCount()).isZero();
        advance(1_101); // the data call re-armed 1 100 (watermark 1 000 + 100): one timeout, with 6
        assertThat(drain(harness)).containsExactly("timeout a=6");
        assertThat(function.timeoutCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lateRecordsGoToTheSideOutputAndAreCounted(Backend b) throws Exception {
        start(b, GroupStateTimeout.EventTimeTimeout, OnTimeout.REMOVE);
        harness.processElement(new Event("a", 5), 1_000); // at the watermark: late
        harness.processElement(new Event("b", 6), 10); // behind it: late
        harness.processElement(new Event("c", 7), 1_001);
        assertThat(drain(harness)).containsExactly("c=7");
        assertThat(harness.getSideOutput(GroupStates.lateRecordsTag(EVENT)))
                .extracting(StreamRecord::getValue)
                .containsExactly(new Event("a", 5), new Event("b", 6));
        // counted once, by lateRecordsRouted where the late output describes them: here, the side
        // output's size
        assertThat(harness.getSideOutput(GroupStates.lateRecordsTag(EVENT))).hasSize(2);
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(2); // only c's value and deadline
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noTimeoutNeverRegistersTimers(Backend b) throws Exception {
        start(b, GroupStateTimeout.NoTimeout, OnTimeout.REMOVE);
        harness.processElement(new Event("a", NO_TIMEOUT), 1_001);
        harness.processElement(
                new Event("a", -5), 10); // no watermark check without EventTimeTimeout
        harness.setProcessingTime(1_000_000);
        harness.processWatermark(1_000_000);
        assertThat(drain(harness)).containsExactly("a=0", "a=-5");
        assertThat(timers(harness)).isZero();
        assertThat(keyedStateEntries(harness, backend)).isEqualTo(1);
        assertThat(harness.getSideOutput(GroupStates.lateRecordsTag(EVENT))).isNull();
    }
}
