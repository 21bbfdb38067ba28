package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per row of SPARK-SEMANTICS.md's GroupState table. Each function under test catches the
 * exception a GroupState call throws and emits "Type: message", so the tests pin Spark's messages.
 */
class GroupStateApiTest {

    private static final String ABSENT =
            "NoSuchElementException: State is either not defined or has already been removed";

    /** A state call to run per invocation; {@code e} is null in a timeout call. */
    @FunctionalInterface
    interface Probe extends Serializable {
        Object apply(Event e, GroupState<Long> state) throws Exception;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness;

    private KeyedOneInputStreamOperatorTestHarness<String, Event, String> open(
            GroupStateTimeout mode, Probe probe) throws Exception {
        GroupStateFunction<String, Event, Long, String> fn =
                GroupStateFunction.forMap(
                        (key, values, state) -> {
                            Event e = values.hasNext() ? values.next() : null;
                            try {
                                return String.valueOf(probe.apply(e, state));
                            } catch (RuntimeException ex) {
                                return ex.getClass().getSimpleName() + ": " + ex.getMessage();
                            }
                        },
                        Types.LONG,
                        EVENT,
                        mode);
        harness = Harnesses.open(fn, Backend.HASHMAP);
        harness.setProcessingTime(1_000);
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void existsIsTrueOnlyWhenAValueIsDefined() throws Exception {
        open(
                GroupStateTimeout.NoTimeout,
                (e, s) -> {
                    boolean before = s.exists();
                    if (e.amount < 0) {
                        s.remove();
                    } else {
                        s.update(e.amount);
                    }
                    return before + "/" + s.exists();
                });
        harness.processElement(new Event("a", 1), 0);
        harness.processElement(new Event("a", 2), 0);
        harness.processElement(new Event("b", 3), 0);
        harness.processElement(new Event("a", -1), 0);
        harness.processElement(new Event("a", 4), 0);
        assertThat(drain(harness))
                .containsExactly(
                        "false/true", "true/true", "false/true", "true/false", "false/true");
    }

    @Test
    void getReturnsTheValueAndThrowsSparksMessageWhenAbsent() throws Exception {
        open(
                GroupStateTimeout.NoTimeout,
                (e, s) -> {
                    if (e.amount == 0) {
                        return s.get();
                    }
                    if (e.amount < 0) {
                        s.remove();
                        return s.get();
                    }
                    s.update(e.amount);
                    return "set";
                });
        harness.processElement(new Event("a", 5), 0);
        harness.processElement(new Event("a", 0), 0);
        harness.processElement(new Event("b", 0), 0);
        harness.processElement(new Event("a", -1), 0);
        harness.processElement(new Event("a", 0), 0);
        assertThat(drain(harness)).containsExactly("set", "5", ABSENT, ABSENT, ABSENT);
    }

    @Test
    void getOptionWrapsTheValue() throws Exception {
        open(
                GroupStateTimeout.NoTimeout,
                (e, s) -> {
                    Object before = s.getOption();
                    s.update(e.amount);
                    return before;
                });
        harness.processElement(new Event("a", 7), 0);
        harness.processElement(new Event("a", 8), 0);
        assertThat(drain(harness)).containsExactly("Optional.empty", "Optional[7]");
    }

    @Test
    void updateRejectsNullAndIsValidAfterRemove() throws Exception {
        open(
                GroupStateTimeout.NoTimeout,
                (e, s) -> {
                    if (e.amount == 0) {
                        s.update(null);
                    } else if (e.amount < 0) {
                        s.remove();
                        s.update(-e.amount);
                    } else {
                        return s.getOption();
                    }
                    return "updated";
                });
        harness.processElement(new Event("a", 0), 0);
        harness.processElement(new Event("a", 1), 0);
        harness.processElement(new Event("a", -9), 0);
        harness.processElement(new Event("a", 1), 0);
        assertThat(drain(harness))
                .containsExactly(
                        "IllegalArgumentException: 'null' is not a valid state value",
                        "Optional.empty",
                        "updated",
                        "Optional[9]");
    }

    @Test
    void removeDropsTheValueAndItsKeyedState() throws Exception {
        open(
                GroupStateTimeout.NoTimeout,
                (e, s) -> {
                    Object before = s.getOption();
                    if (e.amount < 0) {
                        s.remove();
                    } else {
                        s.update(e.amount);
                    }
                    return before;
                });
        harness.processElement(new Event("a", 3), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processElement(new Event("a", -1), 0);
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.processElement(new Event("a", 4), 0);
        assertThat(drain(harness))
                .containsExactly("Optional.empty", "Optional[3]", "Optional.empty");
    }

    @Test
    void hasTimedOutOnlyInTheTimeoutCallWhichHasNoValues() throws Exception {
        open(
                GroupStateTimeout.ProcessingTimeTimeout,
                (e, s) -> {
                    if (e != null) {
                        s.setTimeoutDuration(10);
                    }
                    return "timedOut=" + s.hasTimedOut() + " value=" + e;
                });
        harness.processElement(new Event("a", 1), 0);
        harness.setProcessingTime(1_011);
        assertThat(drain(harness))
                .containsExactly("timedOut=false value=a:1", "timedOut=true value=null");
    }

    @Test
    void setTimeoutDurationNeedsProcessingTimeTimeoutAndAPositiveDuration() throws Exception {
        Probe probe =
                (e, s) -> {
                    switch ((int) e.amount) {
                        case 0 -> s.setTimeoutDuration(0);
                        case 1 -> s.setTimeoutDuration(-5);
                        case 2 -> s.setTimeoutDuration("-1 second");
                        case 3 -> s.setTimeoutDuration("30 seconds");
                        case 4 -> s.setTimeoutDuration(Duration.ofMinutes(10));
                        case 5 -> s.setTimeoutDuration(500);
                        default -> s.setTimeoutDuration("1h");
                    }
                    return "ok";
                };
        open(
                GroupStateTimeout.ProcessingTimeTimeout,
                (e, s) -> {
                    Object pending = s.getPendingTimeoutTimestampMs();
                    probe.apply(e, s);
                    return pending;
                });
        for (long i = 0; i <= 6; i++) {
            harness.processElement(new Event("a", i), 0);
        }
        harness.processElement(new Event("a", 3), 0);
        assertThat(drain(harness))
                .containsExactly(
                        "IllegalArgumentException: Timeout duration must be positive",
                        "IllegalArgumentException: Timeout duration must be positive",
                        "IllegalArgumentException: Provided duration (-1 second) is negative",
                        "OptionalLong.empty",
                        "OptionalLong[31000]", // 1 000 + 30 s
                        "OptionalLong[601000]", // 1 000 + 10 min
                        "OptionalLong[1500]", // 1 000 + 500 ms
                        "OptionalLong[3601000]"); // 1 000 + 1 h
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void setTimeoutDurationIsUnsupportedOutsideProcessingTimeTimeout() throws Exception {
        String expected =
                "UnsupportedOperationException: Cannot set timeout duration without "
                        + "enabling processing time timeout in [map|flatMap]GroupsWithState";
        for (GroupStateTimeout mode :
                new GroupStateTimeout[] {
                    GroupStateTimeout.NoTimeout, GroupStateTimeout.EventTimeTimeout
                }) {
            open(
                    mode,
                    (e, s) -> {
                        s.setTimeoutDuration("30 seconds");
                        return "ok";
                    });
            harness.processElement(new Event("a", 1), 10);
            assertThat(drain(harness)).as(mode.name()).containsExactly(expected);
            assertThat(Harnesses.timers(harness)).isZero();
            harness.close();
            harness = null;
        }
    }

    @Test
    void setTimeoutTimestampIsUnsupportedOutsideEventTimeTimeout() throws Exception {
        String expected =
                "UnsupportedOperationException: Cannot set timeout timestamp without "
                        + "enabling event time timeout in [map|flatMap]GroupsWithState";
        for (GroupStateTimeout mode :
                new GroupStateTimeout[] {
                    GroupStateTimeout.NoTimeout, GroupStateTimeout.ProcessingTimeTimeout
                }) {
            open(
                    mode,
                    (e, s) -> {
                        if (e.amount == 1) {
                            s.setTimeoutTimestamp(5_000);
                        } else {
                            s.setTimeoutTimestamp(5_000, "1 hour");
                        }
                        return "ok";
                    });
            harness.processElement(new Event("a", 1), 10);
            harness.processElement(new Event("a", 2), 10);
            assertThat(drain(harness)).as(mode.name()).containsExactly(expected, expected);
            assertThat(Harnesses.timers(harness)).isZero();
            harness.close();
            harness = null;
        }
    }

    @Test
    void setTimeoutTimestampMustBePositiveAndNotBehindTheWatermark() throws Exception {
        open(
                GroupStateTimeout.EventTimeTimeout,
                (e, s) -> {
                    Object pending = s.getPendingTimeoutTimestampMs();
                    switch ((int) e.amount) {
                        case 0 -> s.setTimeoutTimestamp(0);
                        case 1 -> s.setTimeoutTimestamp(5_000);
                        case 2 -> s.setTimeoutTimestamp(10_000);
                        case 3 -> s.setTimeoutTimestamp(10_000, "1 hour");
                        case 4 -> s.setTimeoutTimestamp(10_000, Duration.ofSeconds(30));
                        default -> s.setTimeoutTimestamp(10_000, "-1 hour");
                    }
                    return pending;
                });
        harness.processWatermark(10_000);
        for (long i = 0; i <= 5; i++) {
            harness.processElement(new Event("a", i), 20_000);
        }
        harness.processElement(new Event("a", 2), 20_000);
        assertThat(drain(harness))
                .containsExactly(
                        "IllegalArgumentException: Timeout timestamp must be positive",
                        "IllegalArgumentException: Timeout timestamp (5000) cannot be earlier than the current watermark (10000)",
                        "OptionalLong.empty",
                        "OptionalLong[10000]", // equal to the watermark is allowed
                        "OptionalLong[3610000]",
                        "IllegalArgumentException: Provided duration (-1 hour) is negative",
                        "OptionalLong.empty"); // the failed call set no timeout, so 40 000 was
        // cleared
    }

    @Test
    void getCurrentWatermarkMsOnlyWithEventTimeTimeout() throws Exception {
        open(GroupStateTimeout.EventTimeTimeout, (e, s) -> s.getCurrentWatermarkMs());
        harness.processElement(new Event("a", 1), 5);
        harness.processWatermark(1_000);
        harness.processElement(new Event("a", 1), 2_000);
        assertThat(drain(harness)).containsExactly(String.valueOf(Long.MIN_VALUE), "1000");
        harness.close();
        String expected =
                "UnsupportedOperationException: Cannot get event time watermark timestamp "
                        + "without setting watermark before [map|flatMap]GroupsWithState";
        for (GroupStateTimeout mode :
                new GroupStateTimeout[] {
                    GroupStateTimeout.NoTimeout, GroupStateTimeout.ProcessingTimeTimeout
                }) {
            open(mode, (e, s) -> s.getCurrentWatermarkMs());
            harness.processWatermark(1_000);
            harness.processElement(new Event("a", 1), 2_000);
            assertThat(drain(harness)).as(mode.name()).containsExactly(expected);
            harness.close();
            harness = null;
        }
    }

    @Test
    void getCurrentProcessingTimeMsIsTheTimeOfThisInvocation() throws Exception {
        open(
                GroupStateTimeout.ProcessingTimeTimeout,
                (e, s) -> {
                    if (e != null) {
                        s.setTimeoutDuration(100);
                    }
                    return s.getCurrentProcessingTimeMs();
                });
        harness.setProcessingTime(1_234);
        harness.processElement(new Event("a", 1), 0);
        harness.setProcessingTime(5_000); // the timer at 1 335 fires at the new processing time
        assertThat(drain(harness)).containsExactly("1234", "5000");
    }

    @Test
    void pendingTimeoutTimestampIsTheDeadlineArmedBeforeThisCall() throws Exception {
        open(
                GroupStateTimeout.EventTimeTimeout,
                (e, s) -> {
                    Object pending = s.getPendingTimeoutTimestampMs();
                    if (e != null) {
                        s.setTimeoutTimestamp(e.amount);
                    }
                    return pending + " timedOut=" + s.hasTimedOut();
                });
        harness.processElement(new Event("a", 100), 10);
        harness.processElement(new Event("a", 200), 20);
        harness.processWatermark(201);
        harness.processElement(new Event("a", 300), 250);
        assertThat(drain(harness))
                .containsExactly(
                        "OptionalLong.empty timedOut=false",
                        "OptionalLong[100] timedOut=false",
                        "OptionalLong[200] timedOut=true",
                        "OptionalLong.empty timedOut=false");
    }
}
