package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static dev.statefuljobs.common.groupstate.Harnesses.keyedStateEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import dev.statefuljobs.common.tws.TTLConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The event-time TTL ({@link GroupStateFunction#withTtl}): a value expires once the watermark, or a
 * record of its key, reaches the event time of its last write plus the TTL; it is removed by a
 * cleanup timer the function never sees, and state drains to nothing; on both state backends.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class GroupStateEventTimeTtlTest {

    static final TTLConfig TTL_100 = TTLConfig.eventTime(Duration.ofMillis(100));

    /** A NoTimeout running total ("u1=5") whose value expires 100 ms after its last write. */
    static GroupStateFunction<String, Event, Long, String> total() {
        return GroupStateTtlTest.runningTotal().withTtl(TTL_100);
    }

    /**
     * An EventTimeTimeout running total; each record arms a deadline {@code delay} after its own
     * time. Amount 0 only re-arms (no write); amount 7 writes and keeps the armed deadline.
     */
    static GroupStateFunction<String, Event, Long, String> totalWithTimeout(long delay) {
        return new GroupStateFunction<String, Event, Long, String>(
                        (user, values, state) -> {
                            if (state.hasTimedOut()) {
                                return List.of("timeout " + user + "=" + state.get()).iterator();
                            }
                            Event e = values.next();
                            long time = state.getCurrentWatermarkMs() + 1; // the harness's clock
                            if (e.amount == 0) {
                                state.setTimeoutTimestamp(time + 500);
                                return List.<String>of().iterator();
                            }
                            state.update(state.getOption().orElse(0L) + e.amount);
                            if (e.amount == 7) {
                                state.setTimeoutTimestamp(
                                        state.getPendingTimeoutTimestampMs().getAsLong());
                            } else {
                                state.setTimeoutTimestamp(time + delay);
                            }
                            return List.of(user + "=" + state.get()).iterator();
                        },
                        Types.LONG,
                        EVENT,
                        GroupStateTimeout.EventTimeTimeout)
                .withTtl(TTL_100);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Event, String> open(
            GroupStateFunction<String, Event, Long, String> fn, Backend backend) throws Exception {
        return Harnesses.open(fn, backend);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void neverReturnedOnceTheWatermarkReachesTheLastWritePlusTheTtl(Backend backend)
            throws Exception {
        try (var h = open(total(), backend)) {
            h.processElement(new Event("u1", 5), 1000); // expires at 1100
            h.processWatermark(1099);
            h.setProcessingTime(Long.MAX_VALUE / 2); // processing time plays no part
            h.processElement(new Event("u1", 1), 1099); // still there; now expires at 1199
            assertThat(drain(h)).containsExactly("u1=5", "u1=6");
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(1198);
            assertThat(keyedStateEntries(h, backend)).isEqualTo(2); // the value and its expiry
            h.processWatermark(1199); // removed by the TTL's timer: no call, no output
            assertThat(drain(h)).isEmpty();
            assertThat(keyedStateEntries(h, backend)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            h.processElement(new Event("u1", 2), 1300);
            assertThat(drain(h)).containsExactly("u1=2");
        }
    }

    /** Which records see the value depends on event times only, not on when watermarks come. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRecordAtTheExpirySeesNoValueBeforeTheWatermarkGetsThere(Backend backend)
            throws Exception {
        GroupStateFunction<String, Event, Long, String> fn = total();
        try (var h = open(fn, backend)) {
            h.processElement(new Event("u1", 5), 1000);
            h.processWatermark(900);
            h.processElement(new Event("u1", 1), 1100);
            assertThat(drain(h)).containsExactly("u1=5", "u1=1");
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // 1200; the one at 1100 is gone
            assertThat(fn.activeKeys()).isEqualTo(1);
        }
    }

    /** A day of data replayed with per-record, sparse or no watermarks expires the same totals. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aReplayExpiresTheSameWhateverTheWatermarkCadence(Backend backend) throws Exception {
        List<Event> day = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        long time = 0;
        for (int i = 0; i < 2_000; i++) {
            time += random.nextInt(0, 200);
            day.add(new Event("u" + random.nextInt(20), random.nextInt(1, 10)));
            times.add(time);
        }
        List<List<String>> outputs = new ArrayList<>();
        for (int every : List.of(1, 97, Integer.MAX_VALUE)) {
            try (var h = open(total(), backend)) {
                for (int i = 0; i < day.size(); i++) {
                    h.processElement(day.get(i), times.get(i));
                    if (i % every == 0) {
                        h.processWatermark(times.get(i));
                    }
                }
                h.processWatermark(Long.MAX_VALUE);
                outputs.add(drain(h));
                assertThat(keyedStateEntries(h, backend)).isZero();
            }
        }
        assertThat(outputs.get(0)).hasSize(2_000).anyMatch(out -> out.matches("u[0-9]+=[1-9]"));
        assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
        assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stateDrainsToNothing(Backend backend) throws Exception {
        GroupStateFunction<String, Event, Long, String> fn = total();
        try (var h = open(fn, backend)) {
            for (int i = 0; i < 1_000; i++) {
                h.processElement(new Event("u" + i, 1), i);
            }
            assertThat(keyedStateEntries(h, backend)).isEqualTo(2_000);
            assertThat(fn.activeKeys()).isEqualTo(1_000);
            h.processWatermark(1_099 - 500); // keys written up to 499 have expired
            assertThat(fn.activeKeys()).isEqualTo(500);
            h.processWatermark(1_099);
            assertThat(keyedStateEntries(h, backend)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(fn.activeKeys()).isZero();
            assertThat(drain(h)).hasSize(1_000);
        }
    }

    /** The cleanup is not a timeout: a deadline later than the expiry never fires. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theExpiryIsNeverSeenAsATimeout(Backend backend) throws Exception {
        try (var h = open(totalWithTimeout(500), backend)) {
            h.processWatermark(999);
            h.processElement(new Event("u1", 5), 1000); // deadline 1500, expires at 1100
            h.processWatermark(Long.MAX_VALUE);
            assertThat(drain(h)).containsExactly("u1=5");
            assertThat(keyedStateEntries(h, backend)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** An earlier deadline fires with the value; the value expires later, at its own time. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTimeoutBeforeTheExpiryFiresWithTheValue(Backend backend) throws Exception {
        try (var h = open(totalWithTimeout(50), backend)) {
            h.processWatermark(999);
            h.processElement(new Event("u1", 5), 1000); // deadline 1050, expires at 1100
            h.processWatermark(1099);
            assertThat(drain(h)).containsExactly("u1=5", "timeout u1=5");
            assertThat(keyedStateEntries(h, backend)).isEqualTo(2);
            h.processWatermark(1100);
            assertThat(keyedStateEntries(h, backend)).isZero();
        }
    }

    /**
     * A deadline whose timer falls on the expiry (deadline + 1 == last write + TTL) does not fire:
     * the value is gone at that time.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExpiryAtTheTimeoutsTimeWins(Backend backend) throws Exception {
        try (var h = open(totalWithTimeout(99), backend)) {
            h.processWatermark(999);
            h.processElement(new Event("u1", 5), 1000); // timers at 1100, for both
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(drain(h)).containsExactly("u1=5");
            assertThat(keyedStateEntries(h, backend)).isZero();
        }
    }

    /** A re-armed deadline deletes the timer it shared with the expiry: the expiry keeps one. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSharedTimerSurvivesTheTimeoutsRearm(Backend backend) throws Exception {
        try (var h = open(totalWithTimeout(99), backend)) {
            h.processWatermark(999);
            h.processElement(new Event("u1", 5), 1000); // deadline 1099 (timer 1100), expiry 1100
            h.processElement(new Event("u1", 0), 1000); // no write; deadline 1499 (timer 1500)
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            h.processWatermark(1100);
            assertThat(keyedStateEntries(h, backend)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(drain(h)).containsExactly("u1=5");
        }
    }

    /** A write that moves the expiry keeps the timer it shared with a deadline that stays. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSharedTimerSurvivesTheExpiryMoving(Backend backend) throws Exception {
        try (var h = open(totalWithTimeout(99), backend)) {
            h.processWatermark(999);
            h.processElement(new Event("u1", 5), 1000); // deadline 1099 (timer 1100), expiry 1100
            h.processElement(new Event("u1", 7), 1050); // same deadline, expiry 1150
            h.processWatermark(1100);
            assertThat(drain(h)).containsExactly("u1=5", "u1=12", "timeout u1=12");
            h.processWatermark(1150);
            assertThat(keyedStateEntries(h, backend)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** An initial value has no event time: it has no expiry until a call writes it. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInitialValueExpiresOnlyOnceARecordWritesIt(Backend backend) throws Exception {
        InitialState<String, Long> initial =
                InitialState.of(List.of(new InitialRow<>("u1", 100L), new InitialRow<>("u2", 50L)));
        try (var h =
                KeyedHarnesses.open(
                        new InitialStateOperator<>(total(), initial),
                        (Event e) -> e.user,
                        Types.STRING,
                        backend,
                        null)) {
            h.processWatermark(5000);
            h.processElement(new Event("u1", 5), 6000);
            assertThat(drain(h)).containsExactly("u1=105");
            h.processWatermark(6100);
            assertThat(keyedStateEntries(h, backend)).isEqualTo(1); // u2's 50, no expiry
        }
    }

    @Test
    void aRecordWithoutATimestampFailsTheCall() throws Exception {
        try (var h = open(total(), Backend.HASHMAP)) {
            assertThatThrownBy(() -> h.processElement(new StreamRecord<>(new Event("u1", 1))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assign timestamps with a WatermarkStrategy");
        }
    }

    @Test
    void processingTimeTimeoutsRefuseAnEventTimeTtl() {
        assertThatThrownBy(
                        () ->
                                new GroupStateFunction<String, Event, Long, String>(
                                                (user, values, state) -> null,
                                                Types.LONG,
                                                EVENT,
                                                GroupStateTimeout.ProcessingTimeTimeout)
                                        .withTtl(TTL_100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("An event-time TTL needs event time");
    }
}
