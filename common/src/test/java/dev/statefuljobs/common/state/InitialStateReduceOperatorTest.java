package dev.statefuljobs.common.state;

import static dev.statefuljobs.common.state.InitialStateOperatorTest.open;
import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.groupstate.Event;
import dev.statefuljobs.common.testing.Backend;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamGroupedReduceOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link InitialStateReduceOperator}: Flink's keyed reduce starting from initial values, applied
 * once, and in the built-in operator's own state (its savepoints restore into the plain reduce).
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class InitialStateReduceOperatorTest {

    static final ReduceFunction<Event> SUM = (a, b) -> new Event(a.user, a.amount + b.amount);
    static final TypeSerializer<Event> SERIALIZER =
            TypeInformation.of(Event.class)
                    .createSerializer(new ExecutionConfig().getSerializerConfig());
    static final InitialState<String, Event> INITIAL =
            InitialState.of(List.of(new InitialRow<>("u1", new Event("u1", 100))));

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theFirstRecordIsReducedOntoTheInitialValueAndARestoreDoesNotApplyItAgain(Backend backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h =
                open(new InitialStateReduceOperator<>(SUM, SERIALIZER, INITIAL), backend, null)) {
            h.processElement(new Event("u1", 5), 0);
            h.processElement(new Event("u2", 3), 0);
            assertThat(h.extractOutputValues())
                    .containsExactly(new Event("u1", 105), new Event("u2", 3));
            snapshot = h.snapshot(1, 1);
        }
        try (var h =
                open(
                        new InitialStateReduceOperator<>(SUM, SERIALIZER, INITIAL),
                        backend,
                        snapshot)) {
            h.processElement(new Event("u1", 1), 0);
            assertThat(h.extractOutputValues()).containsExactly(new Event("u1", 106));
        }
        // The built-in reduce restores the same savepoint: the initial state left no trace.
        try (var h = open(new StreamGroupedReduceOperator<>(SUM, SERIALIZER), backend, snapshot)) {
            h.processElement(new Event("u1", 1), 0);
            assertThat(h.extractOutputValues()).containsExactly(new Event("u1", 106));
        }
    }
}
