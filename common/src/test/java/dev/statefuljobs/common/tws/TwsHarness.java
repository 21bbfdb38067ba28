package dev.statefuljobs.common.tws;

import dev.statefuljobs.common.testing.Backend;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A transformWithState operator on Flink's keyed operator harness, driven by {@link Script} lines
 * on one clock: processing time in {@link TimeMode#ProcessingTime} (and {@link TimeMode#None}), the
 * watermark in {@link TimeMode#EventTime}. Kryo is disabled, as with {@code pipeline.generic-types:
 * false}.
 */
final class TwsHarness implements AutoCloseable {

    /** Where every clock starts. */
    static final long START = 1_000;

    final Backend backend;
    final TimeMode mode;
    final TransformWithStateFunction<String, String, String> function;
    final KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;
    private final KeyedProcessOperator<String, String, String> operator;
    private long now;

    private TwsHarness(
            TransformWithStateFunction<String, String, String> function,
            Backend backend,
            int parallelism,
            int subtask,
            OperatorSubtaskState restore,
            long clock,
            boolean startWatermark)
            throws Exception {
        this.backend = backend;
        this.mode = function.getTimeMode();
        this.function = function;
        operator = new KeyedProcessOperator<>(function);
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, Script::key, Types.STRING, 128, parallelism, subtask);
        harness.setStateBackend(backend.create());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        harness.getExecutionConfig().configure(noKryo, TwsHarness.class.getClassLoader());
        try {
            if (restore != null) {
                harness.initializeState(restore);
            }
            harness.open();
        } catch (Exception | Error e) {
            close(); // a processor that fails in init() must not leak a RocksDB instance
            throw e;
        }
        now = clock;
        harness.setProcessingTime(clock);
        if (mode == TimeMode.EventTime && startWatermark) {
            harness.processWatermark(clock);
        }
    }

    static TwsHarness open(
            TransformWithStateFunction<String, String, String> function, Backend backend)
            throws Exception {
        return new TwsHarness(function, backend, 1, 0, null, START, true);
    }

    /** Opened as on a fresh start, before the first watermark (an initial-state loader's view). */
    static TwsHarness openBeforeWatermark(
            TransformWithStateFunction<String, String, String> function, Backend backend)
            throws Exception {
        return new TwsHarness(function, backend, 1, 0, null, START, false);
    }

    static TwsHarness open(
            StatefulProcessor<String, String, String> processor, TimeMode mode, Backend backend)
            throws Exception {
        return open(function(processor, mode), backend);
    }

    /**
     * A {@link Script} whose state variables have a TTL of {@link Modes#TTL_MS} on {@code clock}.
     */
    static TwsHarness openWithTtl(TimeMode clock, Backend backend) throws Exception {
        return open(new Script(Modes.ttl(clock)), clock, backend);
    }

    /** Subtask {@code subtask} of {@code parallelism}. */
    static TwsHarness openSubtask(
            StatefulProcessor<String, String, String> processor,
            Backend backend,
            int parallelism,
            int subtask)
            throws Exception {
        return new TwsHarness(
                function(processor, TimeMode.None),
                backend,
                parallelism,
                subtask,
                null,
                START,
                true);
    }

    static TransformWithStateFunction<String, String, String> function(
            StatefulProcessor<String, String, String> processor, TimeMode mode) {
        return new TransformWithStateFunction<>(processor, Types.STRING, mode, OutputMode.Update);
    }

    /** A new operator restored from {@code snapshot}, its clock where this one's was. */
    TwsHarness restore(
            StatefulProcessor<String, String, String> processor, OperatorSubtaskState snapshot)
            throws Exception {
        return new TwsHarness(function(processor, mode), backend, 1, 0, snapshot, now, true);
    }

    /** The current time of the mode's clock. */
    long now() {
        return now;
    }

    /**
     * The time a write sent now counts at: processing time, or the record's timestamp (just after
     * the watermark).
     */
    long writeTime() {
        return mode == TimeMode.EventTime ? now + 1 : now;
    }

    /** Processes a line now (in event time: just after the watermark, so never late). */
    void send(String line) throws Exception {
        harness.processElement(line, writeTime());
    }

    /** Processes a line with an explicit timestamp (null: none). */
    void sendAt(String line, Long timestamp) throws Exception {
        harness.processElement(
                timestamp == null ? new StreamRecord<>(line) : new StreamRecord<>(line, timestamp));
    }

    /** Processes a line and returns what it emitted. */
    List<String> ask(String line) throws Exception {
        send(line);
        return drain();
    }

    /** Moves the mode's clock to {@code time}, firing what is due. */
    void advance(long time) throws Exception {
        now = time;
        if (mode == TimeMode.EventTime) {
            harness.processWatermark(time);
        } else {
            harness.setProcessingTime(time);
        }
    }

    /** The rows emitted so far, cleared. */
    List<String> drain() {
        List<String> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    /**
     * Keyed state entries (key, state) of the operator: the heap backend counts them itself,
     * RocksDB is asked for each state's keys.
     */
    int stateEntries() throws Exception {
        if (backend == Backend.HASHMAP) {
            return harness.numKeyedStateEntries();
        }
        KeyedStateBackend<String> states = operator.getKeyedStateBackend();
        int entries = 0;
        for (String name : function.stateNames()) {
            try (Stream<String> keys = states.getKeys(name, VoidNamespace.INSTANCE)) {
                entries += (int) keys.count();
            }
        }
        return entries;
    }

    /** Flink timers, the operator's TTL cleanup timers included. */
    int flinkTimers() {
        return harness.numEventTimeTimers() + harness.numProcessingTimeTimers();
    }

    /** The elements physically stored in {@code key}'s list, expired ones included. */
    int storedListElements(String key) throws Exception {
        operator.setCurrentKey(key);
        int elements = 0;
        Iterable<Tuple2<String, Long>> stored =
                operator.getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ListStateDescriptor<>(Script.LIST, withDeadline()))
                        .get();
        if (stored != null) { // the heap backend's internal state: null when empty
            for (Tuple2<String, Long> ignored : stored) {
                elements++;
            }
        }
        return elements;
    }

    /** The entries physically stored in {@code key}'s map, expired ones included. */
    int storedMapEntries(String key) throws Exception {
        operator.setCurrentKey(key);
        int entries = 0;
        for (Object ignored :
                operator.getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new MapStateDescriptor<>(Script.MAP, Types.STRING, withDeadline()))
                        .keys()) {
            entries++;
        }
        return entries;
    }

    private static TupleTypeInfo<Tuple2<String, Long>> withDeadline() {
        return new TupleTypeInfo<>(Types.STRING, Types.LONG);
    }

    /** The operator's timer service with {@code key} as the current key, as a loader sees it. */
    TimerService timerServiceFor(String key) {
        operator.setCurrentKey(key);
        // KeyedProcessOperator's own timer service: asking for its name again returns it.
        return new SimpleTimerService(
                operator.getInternalTimerService(
                        "user-timers", VoidNamespaceSerializer.INSTANCE, operator));
    }

    /** Unchecked, so that tests' try-with-resources need no InterruptedException handling. */
    @Override
    public void close() {
        try {
            harness.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot close the operator harness", e);
        }
    }
}
