package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.Harnesses.EVENT;
import static dev.statefuljobs.common.groupstate.Harnesses.drain;
import static dev.statefuljobs.common.groupstate.Harnesses.keyedStateEntries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link GroupStateFunction#withStateTtl}: Flink state TTL on a NoTimeout running total. TTL counts
 * processing time (the harness's TTL clock), refreshed by every write, on both state backends.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw
// InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class GroupStateTtlTest {

    static final StateTtlConfig TTL = StateTtlConfig.newBuilder(Duration.ofMillis(100)).build();

    static GroupStateFunction<String, Event, Long, String> runningTotal() {
        MapGroupsWithStateFunction<String, Event, Long, String> fn =
                (user, values, state) -> {
                    long total = state.getOption().orElse(0L);
                    while (values.hasNext()) {
                        total += values.next().amount;
                    }
                    state.update(total);
                    return user + "=" + total;
                };
        return GroupStateFunction.forMap(fn, Types.LONG, EVENT, GroupStateTimeout.NoTimeout);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stateNotWrittenForTheTtlIsGone(Backend backend) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness =
                Harnesses.open(runningTotal().withStateTtl(TTL), backend)) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(new Event("u1", 5), 0);
            harness.setStateTtlProcessingTime(60);
            harness.processElement(new Event("u1", 7), 0); // within the TTL: adds, and refreshes it
            harness.processElement(new Event("u2", 1), 0);
            harness.setStateTtlProcessingTime(150); // u1 last written at 60: still alive
            harness.processElement(new Event("u1", 1), 0);
            harness.setStateTtlProcessingTime(400); // both expired
            harness.processElement(new Event("u1", 2), 0);
            harness.processElement(new Event("u2", 3), 0);
            assertThat(drain(harness))
                    .containsExactly("u1=5", "u1=12", "u2=1", "u1=13", "u1=2", "u2=3");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutTtlStateLivesForever(Backend backend) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness =
                Harnesses.open(runningTotal(), backend)) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(new Event("u1", 5), 0);
            harness.setStateTtlProcessingTime(1_000_000);
            harness.processElement(new Event("u1", 7), 0);
            assertThat(drain(harness)).isEqualTo(List.of("u1=5", "u1=12"));
            assertThat(keyedStateEntries(harness, backend)).isEqualTo(1);
        }
    }
}
