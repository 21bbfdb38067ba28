package dev.statefuljobs.common.groupstate;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Operator-harness helpers shared by the GroupState tests. */
final class Harnesses {

    static final TypeInformation<Event> EVENT = TypeInformation.of(Event.class);

    /** The state backends every core test runs on. */
    enum Backend {
        HASHMAP,
        ROCKSDB;

        StateBackend create() {
            return this == HASHMAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
        }
    }

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
        KeyedOneInputStreamOperatorTestHarness<String, V, R> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, Types.STRING);
        harness.setStateBackend(backend.create());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        harness.getExecutionConfig().configure(noKryo, Harnesses.class.getClassLoader());
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    static <S, R> KeyedOneInputStreamOperatorTestHarness<String, Event, R> open(
            GroupStateFunction<String, Event, S, R> function, Backend backend) throws Exception {
        return open(function, backend, null);
    }

    /**
     * Keyed state entries left by the operator: {@code numKeyedStateEntries()} on the heap backend
     * (which cannot count RocksDB), and the keys of both group states on RocksDB.
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
                List.of(GroupStateFunction.VALUE_STATE, GroupStateFunction.TIMEOUT_STATE)) {
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
