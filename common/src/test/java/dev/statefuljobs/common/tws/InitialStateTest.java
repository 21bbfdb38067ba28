package dev.statefuljobs.common.tws;

import static dev.statefuljobs.common.tws.Modes.TTL_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.testing.Backend;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hook an initial-state loader calls: {@link
 * TransformWithInitialStateFunction#applyInitialState}, once per initial row, with the key context
 * set, before any record. The test plays the loader.
 */
class InitialStateTest {

    static TransformWithInitialStateFunction<String, String, String, String> function(
            Script script, TimeMode mode) {
        return new TransformWithInitialStateFunction<>(
                script, Types.STRING, mode, OutputMode.Update);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void initialRowsFillTheStateAndMayRegisterTimers(Backend backend) throws Exception {
        TransformWithInitialStateFunction<String, String, String, String> f =
                function(new Script(), TimeMode.ProcessingTime);
        try (TwsHarness t = TwsHarness.open(f, backend)) {
            long timer = t.now() + 100;
            f.applyInitialState("u1", "set seeded", t.timerServiceFor("u1"));
            f.applyInitialState("u1", "append x", t.timerServiceFor("u1")); // rows of one key
            f.applyInitialState("u1", "timer " + timer, t.timerServiceFor("u1"));
            f.applyInitialState("u2", "map-put k=v", t.timerServiceFor("u2"));
            f.applyInitialState("u2", "get", t.timerServiceFor("u2")); // emits nothing
            assertThat(t.drain()).isEmpty();

            assertThat(t.ask("u1 get")).containsExactly("u1 value=seeded");
            assertThat(t.ask("u1 list")).containsExactly("u1 list=[x]");
            assertThat(t.ask("u1 timers")).containsExactly("u1 timers=[" + timer + "]");
            assertThat(t.ask("u2 map")).containsExactly("u2 map={k=v}");
            t.advance(timer);
            assertThat(t.drain()).containsExactly("u1 fired@" + timer);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eventTimeTtlOfAnInitialRowCountsAtTheWatermark(Backend backend) throws Exception {
        TransformWithInitialStateFunction<String, String, String, String> f =
                function(new Script(Modes.ttl(TimeMode.EventTime)), TimeMode.EventTime);
        try (TwsHarness t = TwsHarness.open(f, backend)) {
            long deadline = t.now() + TTL_MS;
            f.applyInitialState("u1", "set seeded", t.timerServiceFor("u1"));
            t.advance(deadline - 1);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=seeded");
            t.advance(deadline);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void beforeTheFirstWatermarkAnInitialRowKeepsItsValueUntilTheKeyIsWrittenAgain(Backend backend)
            throws Exception {
        TransformWithInitialStateFunction<String, String, String, String> f =
                function(new Script(Modes.ttl(TimeMode.EventTime)), TimeMode.EventTime);
        try (TwsHarness t = TwsHarness.openBeforeWatermark(f, backend)) {
            // An initial row has no event time: no event-time expiry until a record writes the key.
            f.applyInitialState("u1", "set seeded", t.timerServiceFor("u1"));
            t.advance(1_000_000);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=seeded");
            t.sendAt("u1 set written", 1_000_001L);
            t.advance(1_000_001 + TTL_MS);
            assertThat(t.ask("u1 get")).containsExactly("u1 value=null");
            assertThat(t.stateEntries()).isZero();
        }
    }
}
