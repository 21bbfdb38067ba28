package dev.statefuljobs.common.state;

import static dev.statefuljobs.common.state.SumWithInitialState.row;
import static dev.statefuljobs.common.state.SumWithInitialState.rows;
import static dev.statefuljobs.common.state.SumWithInitialState.usersWithState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefuljobs.common.groupstate.Event;
import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link InitialStateOperator}: rows applied before the first record when the job starts fresh,
 * never on a restore, only the subtask's own keys, duplicates refused; on both state backends.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class InitialStateOperatorTest {

    @TempDir Path dir;

    static KeyedOneInputStreamOperatorTestHarness<String, Event, String> open(
            InitialState<String, Long> initial, Backend backend, OperatorSubtaskState restore)
            throws Exception {
        return open(
                new InitialStateOperator<>(new SumWithInitialState(), initial), backend, restore);
    }

    /** A harness of events keyed by user, for any operator. */
    static <OUT> KeyedOneInputStreamOperatorTestHarness<String, Event, OUT> open(
            OneInputStreamOperator<Event, OUT> operator,
            Backend backend,
            OperatorSubtaskState restore)
            throws Exception {
        return KeyedHarnesses.open(operator, e -> e.user, Types.STRING, backend, restore);
    }

    static List<String> drain(KeyedOneInputStreamOperatorTestHarness<String, Event, String> h) {
        List<String> out = List.copyOf(h.extractOutputValues());
        h.getOutput().clear();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theInitialValueIsThereAtTheKeysFirstRecord(Backend backend) throws Exception {
        try (var h = open(rows(row("u1", 100), row("u2", 7)), backend, null)) {
            h.processElement(new Event("u1", 5), 0);
            h.processElement(new Event("u3", 1), 0);
            assertThat(drain(h)).containsExactly("u1=105", "u3=1");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aKeyWithOnlyInitialStateIsNotCalledButHasItsState(Backend backend) throws Exception {
        try (var h = open(rows(row("u1", 100), row("u2", 50)), backend, null)) {
            h.processElement(new Event("u1", 1), 0);
            assertThat(drain(h)).containsExactly("u1=101");
            assertThat(usersWithState(h)).containsExactlyInAnyOrder("u1", "u2");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void appliedOnceAndNeverOnARestore(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = open(rows(row("u1", 100)), backend, null)) {
            h.processElement(new Event("u1", 5), 0);
            assertThat(drain(h)).containsExactly("u1=105");
            snapshot = h.snapshot(1, 1);
        }
        // The job restarts from the checkpoint with the same initial state given again (and a new
        // row): the restored state is the truth, the rows are not applied.
        try (var h = open(rows(row("u1", 100), row("u2", 7)), backend, snapshot)) {
            h.processElement(new Event("u1", 1), 0);
            h.processElement(new Event("u2", 1), 0);
            assertThat(drain(h)).containsExactly("u1=106", "u2=1");
            assertThat(usersWithState(h)).containsExactlyInAnyOrder("u1", "u2");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSavepointWithInitialStateRestoresIntoThePlainOperator(Backend backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = open(rows(row("u1", 100)), backend, null)) {
            snapshot = h.snapshot(1, 1);
        }
        // A later deployment without --initial-state: same function, same state, plain operator.
        try (var h =
                open(new KeyedProcessOperator<>(new SumWithInitialState()), backend, snapshot)) {
            h.processElement(new Event("u1", 1), 0);
            assertThat(drain(h)).containsExactly("u1=101");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoRowsForOneKeyFailTheJobNamingTheKey(Backend backend) {
        assertThatThrownBy(
                        () -> open(rows(row("u1", 1), row("u2", 2), row("u1", 3)), backend, null))
                .isInstanceOf(InvalidInitialStateException.class)
                .hasMessage(
                        "initial state (a list of 3 rows): two initial rows for key u1 (lines 1"
                                + " and 3)");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theCallbackMayArmTimers(Backend backend) throws Exception {
        try (var h = open(rows(row("u1", 0), row("u2", 2)), backend, null)) {
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(1000);
            assertThat(drain(h)).containsExactly("timer u1=0");
        }
    }

    /** Two subtasks of max parallelism 128: each applies exactly the rows of its key groups. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachSubtaskAppliesOnlyTheRowsOfItsOwnKeys(Backend backend) throws Exception {
        List<InitialRow<String, Long>> all = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> all.add(row("u" + i, i + 1)));
        Set<String> seen = new HashSet<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var h =
                    KeyedHarnesses.open(
                            new InitialStateOperator<>(
                                    new SumWithInitialState(), InitialState.of(all)),
                            (Event e) -> e.user,
                            Types.STRING,
                            backend,
                            null,
                            128,
                            2,
                            subtask)) {
                Set<String> expected = new HashSet<>();
                for (InitialRow<String, Long> r : all) {
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(r.key(), 128, 2)
                            == subtask) {
                        expected.add(r.key());
                    }
                }
                assertThat(expected).isNotEmpty().hasSizeLessThan(all.size());
                assertThat(usersWithState(h)).isEqualTo(expected);
                seen.addAll(usersWithState(h));
            }
        }
        assertThat(seen).hasSize(all.size());
    }

    /** A key's two rows meet in the subtask that owns it; the other subtask does not see them. */
    @Test
    void aDuplicateFailsOnlyTheSubtaskThatOwnsTheKey() throws Exception {
        String key = "u1";
        int owner = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 2);
        InitialState<String, Long> twice = rows(row(key, 1), row(key, 2));
        try (var other =
                KeyedHarnesses.open(
                        new InitialStateOperator<>(new SumWithInitialState(), twice),
                        (Event e) -> e.user,
                        Types.STRING,
                        Backend.HASHMAP,
                        null,
                        128,
                        2,
                        1 - owner)) {
            assertThat(usersWithState(other)).isEmpty();
        }
        assertThatThrownBy(
                        () ->
                                KeyedHarnesses.open(
                                        new InitialStateOperator<>(
                                                new SumWithInitialState(), twice),
                                        (Event e) -> e.user,
                                        Types.STRING,
                                        Backend.HASHMAP,
                                        null,
                                        128,
                                        2,
                                        owner))
                .hasMessageContaining("two initial rows for key u1");
    }

    // --- JSON Lines files, through Flink's FileSystem API ---

    @Test
    void aJsonLinesFileIsReadFromAPathOrAFileUri() throws Exception {
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(file, "{\"user\":\"u1\",\"sum\":100}\n\n{\"user\":\"u2\",\"sum\":7}\n");
        for (String path : List.of(file.toString(), file.toUri().toString())) {
            InitialState<String, Long> initial =
                    InitialState.jsonLines(path, SumWithInitialState::parse).validate();
            try (var h = open(initial, Backend.HASHMAP, null)) {
                h.processElement(new Event("u2", 1), 0);
                assertThat(drain(h)).containsExactly("u2=8");
                assertThat(usersWithState(h)).containsExactlyInAnyOrder("u1", "u2");
            }
        }
    }

    @Test
    void aBadLineFailsWithTheFileTheLineAndTheReason() throws Exception {
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(
                file, "{\"user\":\"u1\",\"sum\":100}\n\n{\"user\":\"u2\",\"sum\":\"7\"}\n");
        InitialState<String, Long> initial =
                InitialState.jsonLines(file.toString(), SumWithInitialState::parse);
        String reason =
                "initial state " + file + ", line 3: field 'sum' must be an integer, got string";
        // When the job is built, and again if the file changed before a subtask read it.
        assertThatThrownBy(initial::validate)
                .isInstanceOf(InvalidInitialStateException.class)
                .hasMessage(reason);
        assertThatThrownBy(() -> open(initial, Backend.HASHMAP, null))
                .isInstanceOf(InvalidInitialStateException.class)
                .hasMessage(reason);
    }

    @Test
    void validateRefusesTwoRowsForOneKeyAndAMissingFile() throws Exception {
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(
                file,
                "{\"user\":\"u1\",\"sum\":1}\n{\"user\":\"u2\",\"sum\":2}\n{\"user\":\"u1\",\"sum\":3}\n");
        assertThatThrownBy(
                        () ->
                                InitialState.jsonLines(file.toString(), SumWithInitialState::parse)
                                        .validate())
                .isInstanceOf(InvalidInitialStateException.class)
                .hasMessage(
                        "initial state " + file + ": two initial rows for key u1 (lines 1 and 3)");
        String missing = dir.resolve("missing.jsonl").toString();
        assertThatThrownBy(
                        () ->
                                InitialState.jsonLines(missing, SumWithInitialState::parse)
                                        .validate())
                .isInstanceOf(InvalidInitialStateException.class)
                .hasMessageStartingWith("initial state " + missing + " cannot be read: ");
    }
}
