package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timers in both time modes on both backends: the clock is processing time or the watermark, and a
 * timer fires when it reaches the timer's time.
 */
class TimersTest {

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void aKeyHasManyTimersListedAscendingAndFiredInOrder(Backend backend, TimeMode mode)
            throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), mode, backend)) {
            long start = t.now();
            t.send("u1 timer " + (start + 300));
            t.send("u1 timer " + (start + 100));
            t.send("u1 timer " + (start + 200));
            assertThat(t.ask("u1 timers"))
                    .containsExactly(
                            "u1 timers=["
                                    + (start + 100)
                                    + ", "
                                    + (start + 200)
                                    + ", "
                                    + (start + 300)
                                    + "]");

            t.advance(start + 250);
            assertThat(t.drain())
                    .containsExactly("u1 fired@" + (start + 100), "u1 fired@" + (start + 200));
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[" + (start + 300) + "]");
            assertThat(t.flinkTimers()).isEqualTo(1);

            t.advance(start + 300);
            assertThat(t.drain()).containsExactly("u1 fired@" + (start + 300));
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[]");
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void aTimerFiresWhenTheClockReachesItsTimeNotBefore(Backend backend, TimeMode mode)
            throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), mode, backend)) {
            long time = t.now() + 100;
            t.send("u1 timer " + time);
            t.advance(time - 1);
            assertThat(t.drain()).isEmpty();
            t.advance(time);
            assertThat(t.drain()).containsExactly("u1 fired@" + time);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void registeringATimeTwiceKeepsOneTimer(Backend backend, TimeMode mode) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), mode, backend)) {
            long time = t.now() + 100;
            t.send("u1 timer " + time);
            t.send("u1 timer " + time);
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[" + time + "]");
            assertThat(t.flinkTimers()).isEqualTo(1);
            t.advance(time + 1_000);
            assertThat(t.drain()).containsExactly("u1 fired@" + time);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void aDeletedTimerNeverFires(Backend backend, TimeMode mode) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), mode, backend)) {
            long start = t.now();
            t.send("u1 timer " + (start + 100));
            t.send("u1 timer " + (start + 200));
            t.send("u2 timer " + (start + 100));
            t.send("u1 delete-timer " + (start + 100));
            t.send("u1 delete-timer " + (start + 999)); // not a timer of u1: ignored
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[" + (start + 200) + "]");
            assertThat(t.flinkTimers()).isEqualTo(2); // u1's 200, u2's 100

            t.advance(start + 1_000);
            assertThat(t.drain())
                    .containsExactly("u2 fired@" + (start + 100), "u1 fired@" + (start + 200));
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void timersFireInTimeOrderAcrossKeys(Backend backend, TimeMode mode) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), mode, backend)) {
            long start = t.now();
            t.send("u1 timer " + (start + 300));
            t.send("u2 timer " + (start + 100));
            t.send("u3 timer " + (start + 200));
            t.advance(start + 300);
            assertThat(t.drain())
                    .containsExactly(
                            "u2 fired@" + (start + 100),
                            "u3 fired@" + (start + 200),
                            "u1 fired@" + (start + 300));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void theHandlerSeesTheClockNotItsOwnTimerAndMayRegisterAgain(Backend backend, TimeMode mode)
            throws Exception {
        try (TwsHarness t = TwsHarness.open(new Rearming(), mode, backend)) {
            long time = t.now() + 100;
            t.send("u1 timer " + time);
            t.send("u1 timer " + (time + 500));
            t.advance(time + 10);
            long clock = time + 10;
            assertThat(t.drain())
                    .containsExactly(
                            "u1 fired@"
                                    + time
                                    + " clock="
                                    + clock
                                    + " timers=["
                                    + (time + 500)
                                    + "]");
            assertThat(t.ask("u1 timers"))
                    .containsExactly("u1 timers=[" + (time + 100) + ", " + (time + 500) + "]");
            t.advance(time + 100);
            assertThat(t.drain())
                    .hasSize(1)
                    .allMatch(row -> row.startsWith("u1 fired@" + (time + 100)));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void aTimerAtTheTtlDeadlineIsSharedAndNeitherOwnerLosesIt(Backend backend, TimeMode mode)
            throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(mode, backend)) {
            long deadline = t.writeTime() + Modes.TTL_MS;
            t.send("u1 set a");
            t.send("u1 timer " + deadline);
            t.send("u2 set b");
            t.send("u2 timer " + deadline);
            assertThat(t.flinkTimers()).isEqualTo(2); // one per key and time

            t.send("u1 delete-timer " + deadline); // the TTL cleanup still needs it
            t.send("u2 clear"); // the processor's timer still needs it
            assertThat(t.flinkTimers()).isEqualTo(2);
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[]");

            t.advance(deadline);
            assertThat(t.drain()).containsExactly("u2 fired@" + deadline);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    /**
     * The {@link Script}, whose handleExpiredTimer reports the mode's clock and the key's timers,
     * and registers a timer 100 ms after the one that fired.
     */
    static class Rearming extends Script {
        private static final long serialVersionUID = 1L;

        private TimeMode mode;

        @Override
        public void init(OutputMode outputMode, TimeMode timeMode) {
            super.init(outputMode, timeMode);
            mode = timeMode;
        }

        @Override
        public Iterator<String> handleExpiredTimer(
                String key, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
            long time = expiredTimerInfo.getExpiryTimeInMs();
            long clock =
                    mode == TimeMode.EventTime
                            ? timerValues.getCurrentWatermarkInMs()
                            : timerValues.getCurrentProcessingTimeInMs();
            List<Long> timers = new ArrayList<>();
            getHandle().listTimers().forEachRemaining(timers::add);
            if (timers.size() == 1) {
                getHandle().registerTimer(time + 100);
            }
            return Collections.singletonList(
                            key + " fired@" + time + " clock=" + clock + " timers=" + timers)
                    .iterator();
        }
    }
}
