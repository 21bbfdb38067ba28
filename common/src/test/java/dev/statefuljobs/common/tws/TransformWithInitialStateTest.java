package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * transformWithState with initial state through the real loader ({@link InitialStateOperator}):
 * {@code handleInitialState} runs once per key before any record on a fresh start, never on a
 * restore, and two rows for one key fail naming it.
 */
// Flink's test harnesses declare close() throws Exception (javac's "try" lint warns that it may
// throw InterruptedException); closing them with try-with-resources is still right.
@SuppressWarnings("try")
class TransformWithInitialStateTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> open(
            InitialState<String, String> initial, Backend backend, OperatorSubtaskState restore)
            throws Exception {
        return KeyedHarnesses.open(
                new InitialStateOperator<>(
                        new TransformWithInitialStateFunction<>(
                                new Script(),
                                Types.STRING,
                                TimeMode.ProcessingTime,
                                OutputMode.Update),
                        initial),
                line -> line.substring(0, line.indexOf(' ')),
                Types.STRING,
                backend,
                restore);
    }

    private static List<String> ask(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h, String line)
            throws Exception {
        h.processElement(line, 0);
        List<String> out = h.extractOutputValues();
        h.getOutput().clear();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void initialRowsAreAppliedOnceOnAFreshStartAndNeverOnRestore(Backend backend) throws Exception {
        InitialState<String, String> seeded =
                InitialState.of(
                        List.of(
                                new InitialRow<>("u1", "set seeded"),
                                new InitialRow<>("u2", "append x")));
        OperatorSubtaskState snapshot;
        try (var h = open(seeded, backend, null)) {
            assertThat(h.extractOutputValues()).isEmpty(); // handleInitialState emits nothing
            assertThat(ask(h, "u1 get")).containsExactly("u1 value=seeded");
            assertThat(ask(h, "u2 list")).containsExactly("u2 list=[x]");
            ask(h, "u1 set changed");
            snapshot = h.snapshot(1, 1);
        }
        InitialState<String, String> other =
                InitialState.of(List.of(new InitialRow<>("u1", "set from-the-file-again")));
        try (var h = open(other, backend, snapshot)) {
            assertThat(ask(h, "u1 get")).containsExactly("u1 value=changed");
            assertThat(ask(h, "u2 list")).containsExactly("u2 list=[x]");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoRowsForOneKeyFailNamingTheKey(Backend backend) {
        InitialState<String, String> twice =
                InitialState.of(
                        List.of(new InitialRow<>("u7", "set a"), new InitialRow<>("u7", "set b")));
        assertThatThrownBy(() -> open(twice, backend, null).close()).hasStackTraceContaining("u7");
    }
}
