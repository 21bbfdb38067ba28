package dev.statefuljobs.common.testing;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Opens keyed operator harnesses on a chosen state backend, with Kryo disabled like {@code
 * pipeline.generic-types: false}, optionally restored from a snapshot and as one subtask of many.
 */
public final class KeyedHarnesses {

    private KeyedHarnesses() {}

    /**
     * The only subtask of an operator (one key group, as Flink's harness has by default), restored
     * from {@code restore} unless it is null.
     */
    public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> open(
            OneInputStreamOperator<IN, OUT> operator,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            Backend backend,
            OperatorSubtaskState restore)
            throws Exception {
        return open(operator, key, keyType, backend, restore, 1, 1, 0);
    }

    /** Subtask {@code subtask} of {@code parallelism}, with {@code maxParallelism} key groups. */
    public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> open(
            OneInputStreamOperator<IN, OUT> operator,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            Backend backend,
            OperatorSubtaskState restore,
            int maxParallelism,
            int parallelism,
            int subtask)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, key, keyType, maxParallelism, parallelism, subtask);
        harness.setStateBackend(backend.create());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        harness.getExecutionConfig().configure(noKryo, KeyedHarnesses.class.getClassLoader());
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }
}
