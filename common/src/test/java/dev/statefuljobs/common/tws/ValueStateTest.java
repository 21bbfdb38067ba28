package dev.statefuljobs.common.tws;

import static dev.statefuljobs.common.tws.Modes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.testing.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ValueState}, without TTL and with TTL on either clock, on both backends. */
class ValueStateTest {

    static final String NOTHING = "exists value=false list=false map=false";

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aValueLivesUntilClearedWithoutTtl(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.ProcessingTime, backend)) {
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + NOTHING);
            t.send("u1 set a");
            t.send("u2 set b");
            t.advance(t.now() + 3_600_000);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=a");
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=true list=false map=false");
            t.send("u1 set c");
            assertThat(t.ask("u1 get")).containsExactly("u1 value=c");

            t.send("u1 clear");
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.ask("u2 get")).containsExactly("u2 value=b");
            assertThat(t.stateEntries()).isEqualTo(1); // u2's value only
            t.send("u2 clear");
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nullIsRefused(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.None, backend)) {
            assertThatThrownBy(() -> t.send("u1 set-null"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'value': null is not a valid value (use clear())");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void aValueExpiresWhenItsClockReachesItsLastWritePlusTheTtl(Backend backend, TimeMode clock)
            throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            t.send("u1 set a");
            t.advance(t.now() + 60);
            long deadline = t.writeTime() + TTL_MS;
            t.send("u1 set b"); // every write starts the TTL again

            t.advance(deadline - 1);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=b");
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=true list=false map=false");

            t.advance(deadline);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + NOTHING);
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void clearingTheLastTtlValueDropsTheCleanupTimerAtOnce(Backend backend, TimeMode clock)
            throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(clock, backend)) {
            t.send("u1 set a");
            assertThat(t.stateEntries()).isEqualTo(2); // the value and its cleanup time
            assertThat(t.flinkTimers()).isEqualTo(1);

            t.send("u1 clear");
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventTimeTtlCountsFromTheEventTimeOfTheLastWrite(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(TimeMode.EventTime, backend)) {
            long start = t.now();
            t.sendAt("u1 set a", start + 50);
            t.sendAt("u1 set b", start + 10); // arrives later, but happened earlier

            t.advance(start + 10 + TTL_MS - 1);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=b");
            t.advance(start + 10 + TTL_MS);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWriteInHandleExpiredTimerCountsAtTheTimersTime(Backend backend) throws Exception {
        try (TwsHarness t =
                TwsHarness.open(
                        new Script(Modes.ttl(TimeMode.EventTime), true),
                        TimeMode.EventTime,
                        backend)) {
            long timer = t.now() + 10;
            t.send("u1 timer " + timer);
            t.advance(timer + 50); // the timer fires late; its write still counts at its time
            assertThat(t.drain()).containsExactly("u1 fired@" + timer + " value=fired@" + timer);

            t.advance(timer + TTL_MS - 1);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=fired@" + timer);
            t.advance(timer + TTL_MS);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTimerSeesTheValuesLiveAtItsTimeAndTheSweepRemovesThemAfter(Backend backend)
            throws Exception {
        try (TwsHarness t =
                TwsHarness.open(
                        new Script(Modes.ttl(TimeMode.EventTime), true),
                        TimeMode.EventTime,
                        backend)) {
            long timer = t.now() + 10;
            t.send("u1 timer " + timer);
            t.advance(timer + TTL_MS + 500); // one jump past the timer and its write's deadline
            assertThat(t.drain()).containsExactly("u1 fired@" + timer + " value=fired@" + timer);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventTimeTtlRefusesAWriteWithoutEventTime(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.openWithTtl(TimeMode.EventTime, backend)) {
            assertThatThrownBy(() -> t.sendAt("u1 set a", null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event-time TTL")
                    .hasMessageContaining("the record has no timestamp");
        }
    }
}
