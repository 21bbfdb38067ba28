package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.testing.Backend;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the handle allows where: state variables are created in init() only, state and timers need a
 * key, TimeMode.None has no timers and no TTL, TTL counts on the operator's clock.
 */
class HandleRulesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stateVariablesAreCreatedInInitOnly(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.ProcessingTime, backend)) {
            assertThatThrownBy(() -> t.send("u1 create extra"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "State variables are created in init() only: getValueState(\"extra\")"
                                    + " was called in handleInputRows");
        }
    }

    static Stream<Arguments> misusesInInit() {
        return Stream.of(Backend.values())
                .flatMap(b -> Stream.of(InitMisuse.Misuse.values()).map(m -> Arguments.of(b, m)));
    }

    @ParameterizedTest
    @MethodSource("misusesInInit")
    void initIsRefusedWhatNeedsAKeyAndDuplicateOrReservedNames(
            Backend backend, InitMisuse.Misuse misuse) {
        assertThatThrownBy(
                        () ->
                                TwsHarness.open(
                                        new InitMisuse(misuse), TimeMode.ProcessingTime, backend))
                .isInstanceOf(misuse.error)
                .hasMessageContaining(misuse.message);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void timeModeNoneRefusesTimers(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.None, backend)) {
            for (String line : new String[] {"u1 timer 5", "u1 delete-timer 5", "u1 timers"}) {
                assertThatThrownBy(() -> t.send(line))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining(
                                "timers need TimeMode.ProcessingTime or TimeMode.EventTime; this"
                                        + " operator runs in TimeMode.None");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void timeModeNoneRefusesTtl(Backend backend) {
        assertThatThrownBy(
                        () ->
                                TwsHarness.open(
                                        new Script(new TTLConfig(Duration.ofMinutes(1))),
                                        TimeMode.None,
                                        backend))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TTL needs a clock and TimeMode.None has none");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ttlCountsOnTheOperatorsClock(Backend backend) {
        assertThatThrownBy(
                        () ->
                                TwsHarness.open(
                                        new Script(Modes.ttl(TimeMode.ProcessingTime)),
                                        TimeMode.EventTime,
                                        backend))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts processing time")
                .hasMessageContaining("use TTLConfig.eventTime(duration)");
        assertThatThrownBy(
                        () ->
                                TwsHarness.open(
                                        new Script(Modes.ttl(TimeMode.EventTime)),
                                        TimeMode.ProcessingTime,
                                        backend))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts event time")
                .hasMessageContaining("use new TTLConfig(duration)");
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> new TTLConfig(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TTL duration must be positive");
        assertThatThrownBy(() -> TTLConfig.eventTime(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TTLConfig.NONE.isEnabled()).isFalse();
    }

    @Test
    void theHandleIsThereOnlyOnceTheOperatorOpens() {
        assertThatThrownBy(() -> new Script().getHandle())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not available in the processor's constructor");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleteIfExistsClearsOneVariableOfTheCurrentKey(Backend backend) throws Exception {
        try (TwsHarness t = TwsHarness.open(new Script(), TimeMode.None, backend)) {
            t.send("u1 set a");
            t.send("u1 append b");
            t.send("u1 map-put c=d");
            t.send("u2 append z");

            t.send("u1 delete-if-exists list");
            t.send("u1 delete-if-exists no-such-variable"); // ignored
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=true list=false map=true");
            assertThat(t.ask("u2 list")).containsExactly("u2 list=[z]");

            t.send("u1 delete-if-exists value");
            t.send("u1 delete-if-exists map");
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            assertThat(t.stateEntries()).isEqualTo(1); // u2's list
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void queryInfoNamesTheJobTheAttemptAndTheSubtask(Backend backend) throws Exception {
        String key =
                IntStream.range(0, 100)
                        .mapToObj(i -> "u" + i)
                        .filter(
                                k ->
                                        KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                                        k, 128, 2)
                                                == 1)
                        .findFirst()
                        .orElseThrow();
        try (TwsHarness t = TwsHarness.openSubtask(new Script(), backend, 2, 1)) {
            QueryInfo expected = new QueryInfo(t.harness.getEnvironment().getJobID(), 0, 1);
            assertThat(t.ask(key + " query")).containsExactly(key + " query=" + expected);
        }
    }

    /** A processor that misuses the handle in init(). */
    static class InitMisuse extends StatefulProcessor<String, String, String> {
        private static final long serialVersionUID = 1L;

        enum Misuse {
            READ_STATE(IllegalStateException.class, "it was called in init()"),
            REGISTER_TIMER(IllegalStateException.class, "registerTimer() works on the current key"),
            DUPLICATE_NAME(IllegalArgumentException.class, "'x' is already defined"),
            RESERVED_NAME(IllegalArgumentException.class, "reserved for the operator's own state");

            final Class<? extends Exception> error;
            final String message;

            Misuse(Class<? extends Exception> error, String message) {
                this.error = error;
                this.message = message;
            }
        }

        private final Misuse misuse;

        InitMisuse(Misuse misuse) {
            this.misuse = misuse;
        }

        @Override
        public void init(OutputMode outputMode, TimeMode timeMode) {
            StatefulProcessorHandle handle = getHandle();
            switch (misuse) {
                case READ_STATE -> handle.getValueState("x", Types.LONG).get();
                case REGISTER_TIMER -> handle.registerTimer(1);
                case DUPLICATE_NAME -> {
                    handle.getValueState("x", Types.LONG);
                    handle.getListState("x", Types.LONG);
                }
                case RESERVED_NAME -> handle.getMapState("$timers", Types.LONG, Types.BOOLEAN);
            }
        }

        @Override
        public Iterator<String> handleInputRows(
                String key, Iterator<String> inputRows, TimerValues timerValues) {
            throw new AssertionError("init() was expected to fail");
        }
    }
}
