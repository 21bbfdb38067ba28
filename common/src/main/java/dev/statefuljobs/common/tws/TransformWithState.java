package dev.statefuljobs.common.tws;

import dev.statefuljobs.common.groupstate.GroupStates;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SideOutputDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Spark 4's {@code groupByKey(...).transformWithState(processor, timeMode, outputMode)} on a Flink
 * {@link KeyedStream}:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Alert> alerts = TransformWithState
 *     .apply(clicks.keyBy(c -> c.userId, Types.STRING), new SessionProcessor(),
 *         Types.POJO(Alert.class), TimeMode.EventTime, OutputMode.Update)
 *     .uid("sessions");
 * DataStream<Click> late = TransformWithState.lateRecords(alerts, clicks.getType());
 * }</pre>
 *
 * <p>The operator is named {@code transformWithState[<processor>, <time mode>]}; give it a {@code
 * .uid(...)} so its state survives job changes. See {@link StatefulProcessor} for the invocation
 * model and {@link TransformWithStateFunction} for how timers, TTL and late records work on Flink.
 */
public final class TransformWithState {

    private TransformWithState() {}

    public static <K, I, O> SingleOutputStreamOperator<O> apply(
            KeyedStream<I, K> stream,
            StatefulProcessor<K, I, O> processor,
            TypeInformation<O> outputType,
            TimeMode timeMode,
            OutputMode outputMode) {
        return stream.process(
                        new TransformWithStateFunction<>(
                                processor, stream.getType(), timeMode, outputMode),
                        outputType)
                .name("transformWithState[" + processorName(processor) + ", " + timeMode + "]");
    }

    /**
     * Spark's {@code transformWithState(processor, timeMode, outputMode, initialState)}: the rows
     * of {@code initialState} go through {@code handleInitialState}, once per key, before any
     * record when the job starts fresh, and never again when it restores from a checkpoint or
     * savepoint (see {@link InitialStateOperator}).
     */
    public static <K, I, O, S> SingleOutputStreamOperator<O> apply(
            KeyedStream<I, K> stream,
            StatefulProcessorWithInitialState<K, I, O, S> processor,
            TypeInformation<O> outputType,
            TimeMode timeMode,
            OutputMode outputMode,
            InitialState<K, S> initialState) {
        return InitialStateOperator.process(
                        stream,
                        new TransformWithInitialStateFunction<>(
                                processor, stream.getType(), timeMode, outputMode),
                        outputType,
                        initialState)
                .name("transformWithState[" + processorName(processor) + ", " + timeMode + "]");
    }

    private static String processorName(StatefulProcessor<?, ?, ?> processor) {
        String simple = processor.getClass().getSimpleName();
        return simple.isEmpty() ? processor.getClass().getName() : simple;
    }

    /**
     * The tag of the late-records side output, for records of the given type (the same as {@link
     * GroupStates#lateRecordsTag}).
     */
    public static <I> OutputTag<I> lateRecordsTag(TypeInformation<I> recordType) {
        return GroupStates.lateRecordsTag(recordType);
    }

    /**
     * The records an {@link TimeMode#EventTime} operator found at or behind the watermark (Spark
     * drops them). Empty in the other modes. {@code LateEvents.of(...)} sends them to a job's late
     * output.
     */
    public static <I> SideOutputDataStream<I> lateRecords(
            SingleOutputStreamOperator<?> transformWithState, TypeInformation<I> recordType) {
        return transformWithState.getSideOutput(lateRecordsTag(recordType));
    }
}
