package dev.statefuljobs.state;

import static dev.statefuljobs.common.groupstate.GroupStateFunction.ACTIVE_KEYS;
import static dev.statefuljobs.common.groupstate.GroupStateFunction.TIMEOUT_STATE;
import static dev.statefuljobs.common.groupstate.GroupStateFunction.VALUE_STATE;
import static dev.statefuljobs.state.StateRowFormat.NO_TIMEOUT;

import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The state of a GroupState operator ({@code GroupStateFunction}): per key the value in {@value
 * dev.statefuljobs.common.groupstate.GroupStateFunction#VALUE_STATE} and the armed deadline (ms) in
 * {@value dev.statefuljobs.common.groupstate.GroupStateFunction#TIMEOUT_STATE}, with one timer at
 * deadline + 1 in the timeout's time domain (Long.MAX_VALUE has no successor: its timer is
 * Long.MAX_VALUE), and per subtask the count of keys with a value in the operator list state
 * {@value dev.statefuljobs.common.groupstate.GroupStateFunction#ACTIVE_KEYS}.
 *
 * <p>A bootstrapped savepoint has all of it, so that a restored job cannot tell it from its own:
 * pending timeouts fire at their time, and the {@code activeKeys} gauge starts from the number of
 * keys written.
 *
 * @param <S> the value's type
 */
final class GroupStateLayout<S> extends OperatorLayout {

    private final StateRowFormat<S> format;
    private final TypeInformation<S> valueType;
    private final GroupStateTimeout timeout;
    private final StateTtlConfig ttl;

    /**
     * @param ttl the job's state TTL ({@code --state-ttl}), or null: TTL wraps the serializers, so
     *     the descriptors must have it too
     */
    GroupStateLayout(
            String uid,
            String keyField,
            ValueCodec<S> codec,
            TypeInformation<S> valueType,
            GroupStateTimeout timeout,
            StateTtlConfig ttl) {
        super(uid);
        this.format = new StateRowFormat<>(keyField, codec, timeout != GroupStateTimeout.NoTimeout);
        this.valueType = valueType;
        this.timeout = timeout;
        this.ttl = ttl;
    }

    @Override
    List<String> keyedStates() {
        return List.of(VALUE_STATE, TIMEOUT_STATE);
    }

    @Override
    DataStream<String> read(SavepointReader savepoint) throws IOException {
        return savepoint.readKeyedState(
                OperatorIdentifier.forUid(uid()),
                new Reader<>(format, valueType, ttl),
                Types.STRING,
                Types.STRING);
    }

    @Override
    StateRowFormat<S> rowFormat() {
        return format;
    }

    @Override
    StateBootstrapTransformation<String> bootstrap(DataStream<String> lines, int maxParallelism) {
        return OperatorTransformation.bootstrapWith(lines)
                .setMaxParallelism(maxParallelism)
                .keyBy(new KeyOfLine(format), Types.STRING)
                .transform(new Writer<>(format, valueType, timeout, ttl));
    }

    static <T> ValueStateDescriptor<T> descriptor(
            String name, TypeInformation<T> type, StateTtlConfig ttl) {
        ValueStateDescriptor<T> descriptor = new ValueStateDescriptor<>(name, type);
        if (ttl != null) {
            descriptor.enableTimeToLive(ttl);
        }
        return descriptor;
    }

    /** One line per key with a value or a pending timeout. */
    private static final class Reader<S> extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private final StateRowFormat<S> format;
        private final TypeInformation<S> valueType;
        private final StateTtlConfig ttl;
        private transient ValueState<S> value;
        private transient ValueState<Long> deadline;

        Reader(StateRowFormat<S> format, TypeInformation<S> valueType, StateTtlConfig ttl) {
            this.format = format;
            this.valueType = valueType;
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            value = getRuntimeContext().getState(descriptor(VALUE_STATE, valueType, ttl));
            deadline = getRuntimeContext().getState(descriptor(TIMEOUT_STATE, Types.LONG, ttl));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            S v = value.value();
            Long d = deadline.value();
            if (v != null || d != null) {
                out.collect(format.toJson(key, v, d == null ? NO_TIMEOUT : d));
            }
        }
    }

    /** Writes each row's value, deadline and timer, and counts the keys per subtask. */
    private static final class Writer<S> extends KeyedStateBootstrapFunction<String, String>
            implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;

        private final StateRowFormat<S> format;
        private final TypeInformation<S> valueType;
        private final GroupStateTimeout timeout;
        private final StateTtlConfig ttl;
        private transient ValueState<S> value;
        private transient ValueState<Long> deadline;
        private transient ListState<Long> activeKeys;
        private transient long keys;

        Writer(
                StateRowFormat<S> format,
                TypeInformation<S> valueType,
                GroupStateTimeout timeout,
                StateTtlConfig ttl) {
            this.format = format;
            this.valueType = valueType;
            this.timeout = timeout;
            this.ttl = ttl;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            activeKeys =
                    context.getOperatorStateStore()
                            .getListState(new ListStateDescriptor<>(ACTIVE_KEYS, Types.LONG));
        }

        @Override
        public void open(OpenContext openContext) {
            value = getRuntimeContext().getState(descriptor(VALUE_STATE, valueType, ttl));
            deadline = getRuntimeContext().getState(descriptor(TIMEOUT_STATE, Types.LONG, ttl));
        }

        @Override
        public void processElement(String line, Context ctx) throws Exception {
            StateRowFormat.Row<S> row = format.parse(line);
            if (row.value() != null) {
                value.update(row.value());
                keys++;
            }
            long at = row.timeoutAt();
            if (at != NO_TIMEOUT) {
                deadline.update(at);
                // As TimeoutTimers arms it: a key times out strictly after its deadline.
                long timer = at == Long.MAX_VALUE ? Long.MAX_VALUE : at + 1;
                TimerService timers = ctx.timerService();
                if (timeout == GroupStateTimeout.EventTimeTimeout) {
                    timers.registerEventTimeTimer(timer);
                } else {
                    timers.registerProcessingTimeTimer(timer);
                }
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            activeKeys.update(List.of(keys));
        }
    }
}
