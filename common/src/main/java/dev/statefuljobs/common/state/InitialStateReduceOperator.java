package dev.statefuljobs.common.state;

import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamGroupedReduceOperator;

/**
 * Flink's keyed reduce ({@code keyBy(...).reduce(f)}, {@link StreamGroupedReduceOperator}) with an
 * {@link InitialState}: on a fresh start each row of its subtask's keys becomes the key's reduced
 * value so far, so the key's first record is reduced onto it; on a restore nothing is applied (see
 * {@link InitialStateOperator}). The state is the built-in operator's, so a job may drop its
 * initial state on a later restore and keep its savepoint.
 */
public class InitialStateReduceOperator<K, T> extends StreamGroupedReduceOperator<T> {
    private static final long serialVersionUID = 1L;

    /** The keyed value state of {@link StreamGroupedReduceOperator} (private there). */
    static final String REDUCE_STATE = "_op_state";

    private final TypeSerializer<T> serializer;
    private final InitialStateLoader<K, T> loader;

    public InitialStateReduceOperator(
            ReduceFunction<T> reducer, TypeSerializer<T> serializer, InitialState<K, T> rows) {
        super(reducer, serializer);
        this.serializer = serializer;
        this.loader = new InitialStateLoader<>(rows);
    }

    /**
     * {@code stream.reduce(reducer)}, applying {@code initialState} on a fresh start; the plain
     * {@code reduce} when it is null.
     */
    public static <K, T> SingleOutputStreamOperator<T> reduce(
            KeyedStream<T, K> stream, ReduceFunction<T> reducer, InitialState<K, T> initialState) {
        if (initialState == null) {
            return stream.reduce(reducer);
        }
        TypeInformation<T> type = stream.getType();
        TypeSerializer<T> serializer =
                type.createSerializer(stream.getExecutionConfig().getSerializerConfig());
        return stream.transform(
                "Keyed Reduce",
                type,
                new InitialStateReduceOperator<>(reducer, serializer, initialState));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        loader.initializeState(context);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ValueState<T> reduced =
                getPartitionedState(new ValueStateDescriptor<>(REDUCE_STATE, serializer));
        loader.open(this, (key, value, timers) -> reduced.update(value), null);
    }
}
