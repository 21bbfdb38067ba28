package dev.statefuljobs.common.groupstate;

import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Operator-harness helpers shared by the GroupState tests. */
final class Harnesses {

    static final TypeInformation<Event> EVENT = TypeInformation.of(Event.class);

    private Harnesses() {}

    /**
     * Opens a harness for events keyed by user, with Kryo disabled like {@code
     * pipeline.generic-types: false}.
     */
    static <S, R> KeyedOneInputStreamOperatorTestHarness<String, Event, R> open(
            GroupStateFunction<String, Event, S, R> function,
            Backend backend,
            OperatorSubtaskState restore)
            throws Exception {
        return open(function, e -> e.user, backend, restore);
    }

    /** Opens a harness for any record type keyed by a string. */
    static <V, S, R> KeyedOneInputStreamOperatorTestHarness<String, V, R> open(
            GroupStateFunction<String, V, S, R> function,
            KeySelector<V, String> key,
            Backend backend,
            OperatorSubtaskState restore)
            throws Exception {
        return KeyedHarnesses.open(
                new KeyedProcessOperator<>(function), key, Types.STRING, backend, restore);
    }

    static <S, R> KeyedOneInputStreamOperatorTestHarness<String, Event, R> open(
            GroupStateFunction<String, Event, S, R> function, Backend backend) throws Exception {
        return open(function, backend, null);
    }

    /**
     * Keyed state entries left by the operator: {@code numKeyedStateEntries()} on the heap backend
     * (which cannot count RocksDB), and the keys of the group states on RocksDB.
     */
    static int keyedStateEntries(
            KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, Backend backend)
            throws Exception {
        if (backend == Backend.HASHMAP) {
            return harness.numKeyedStateEntries();
        }
        KeyedStateBackend<String> states = harness.getOperator().getKeyedStateBackend();
        int entries = 0;
        for (String name :
                List.of(
                        GroupStateFunction.VALUE_STATE,
                        GroupStateFunction.TIMEOUT_STATE,
                        GroupStateFunction.EXPIRES_AT_STATE)) {
            try (Stream<String> keys = states.getKeys(name, VoidNamespace.INSTANCE)) {
                entries += (int) keys.count();
            }
        }
        return entries;
    }

    static int timers(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness) {
        return harness.numEventTimeTimers() + harness.numProcessingTimeTimers();
    }

    /** Emits the output values collected so far and clears them. */
    static <R> List<R> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, R> harness) {
        List<R> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }
}
