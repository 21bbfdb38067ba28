package dev.statefuljobs.common.tws;

import static dev.statefuljobs.common.tws.Modes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A snapshot restored into a new operator keeps the values, their TTL deadlines and the timers, on
 * both backends and both clocks.
 */
class SnapshotRestoreTest {

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void valuesTtlDeadlinesAndTimersSurviveARestore(Backend backend, TimeMode clock)
            throws Exception {
        TwsHarness before = TwsHarness.openWithTtl(clock, backend);
        long deadline = before.writeTime() + TTL_MS;
        long timer = before.now() + 50;
        OperatorSubtaskState snapshot;
        try (before) {
            before.send("u1 set a");
            before.send("u1 append b");
            before.send("u1 map-put k=v");
            before.send("u1 timer " + timer);
            before.advance(before.now() + 10);
            snapshot = before.harness.snapshot(1, 1);
        }

        try (TwsHarness t = before.restore(new Script(Modes.ttl(clock)), snapshot)) {
            assertThat(t.ask("u1 get")).containsExactly("u1 value=a");
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[b]");
            assertThat(t.ask("u1 map")).containsExactly("u1 map={k=v}");
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[" + timer + "]");

            t.advance(timer);
            assertThat(t.drain()).containsExactly("u1 fired@" + timer);

            t.advance(deadline - 1);
            assertThat(t.ask("u1 exists"))
                    .containsExactly("u1 exists value=true list=true map=true");
            t.advance(deadline);
            assertThat(t.ask("u1 exists")).containsExactly("u1 " + ValueStateTest.NOTHING);
            assertThat(t.stateEntries()).isZero();
            assertThat(t.flinkTimers()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.statefuljobs.common.tws.Modes#backendsAndClocks")
    void valuesWithoutTtlSurviveARestore(Backend backend, TimeMode clock) throws Exception {
        TwsHarness before = TwsHarness.open(new Script(), clock, backend);
        OperatorSubtaskState snapshot;
        try (before) {
            before.send("u1 set a");
            before.send("u1 append-all b,c");
            before.send("u2 map-put k=v");
            snapshot = before.harness.snapshot(1, 1);
        }

        try (TwsHarness t = before.restore(new Script(), snapshot)) {
            t.advance(t.now() + 3_600_000);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=a");
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[b, c]");
            assertThat(t.ask("u2 map")).containsExactly("u2 map={k=v}");
            assertThat(t.stateEntries()).isEqualTo(3);
        }
    }
}
