package dev.statefuljobs.common.window;

import dev.statefuljobs.common.io.LateRecord;
import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.time.Durations;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * An event-time window aggregation with late data handled the same way in every job:
 * <ul>
 *   <li>{@code --allowed-lateness G} (default 0s, read here so every windowed job has it): a record that
 *       arrives after its window fired but within G updates the window, which fires again with
 *       {@code "update":true}; counted in the window operator's {@code lateRecordsAccepted} metric.</li>
 *   <li>A record beyond G goes to the pipeline's late output as a {@link LateRecord} (never silently
 *       dropped), counted in {@code lateRecordsRouted}.</li>
 * </ul>
 * A job reads like its description:
 * <pre>
 * WindowedAggregation.of(pipeline, clicks.keyBy(c -&gt; c.userId, Types.STRING))
 *         .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *         .aggregate(new Count&lt;&gt;(), ClickCount::new, ClickCount.class)
 *         .named("count clicks per user per 1m window", "count-clicks-per-window");
 * </pre>
 */
public final class WindowedAggregation<E extends JsonRecord, K> {

    private final Pipeline pipeline;
    private final KeyedStream<E, K> keyed;
    private final Duration allowedLateness;
    private WindowAssigner<? super E, TimeWindow> assigner;
    private EmitMode mode = EmitMode.FINAL;

    private WindowedAggregation(Pipeline pipeline, KeyedStream<E, K> keyed) {
        this.pipeline = pipeline;
        this.keyed = keyed;
        this.allowedLateness = pipeline.options().duration("allowed-lateness", "0s");
    }

    public static <E extends JsonRecord, K> WindowedAggregation<E, K> of(Pipeline pipeline, KeyedStream<E, K> keyed) {
        return new WindowedAggregation<>(pipeline, keyed);
    }

    public WindowedAggregation<E, K> window(WindowAssigner<? super E, TimeWindow> assigner) {
        this.assigner = assigner;
        return this;
    }

    public WindowedAggregation<E, K> emit(EmitMode mode) {
        this.mode = mode;
        return this;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** Aggregates with {@code aggregate} and builds each result with {@code result}. */
    public <A, V, R extends WindowedResult> Named<R> aggregate(AggregateFunction<E, A, V> aggregate,
                                                               WindowResultFunction<K, V, R> result,
                                                               Class<R> resultType) {
        TypeInformation<A> accumulatorType =
                TypeExtractor.getAggregateFunctionAccumulatorType(aggregate, keyed.getType(), null, false);
        return aggregate(aggregate, accumulatorType, result, resultType);
    }

    /** As above, with the accumulator's type given, e.g. for a POJO holding a map. */
    public <A, V, R extends WindowedResult> Named<R> aggregate(AggregateFunction<E, A, V> aggregate,
                                                               TypeInformation<A> accumulatorType,
                                                               WindowResultFunction<K, V, R> result,
                                                               Class<R> resultType) {
        return new Named<>(this, aggregate, accumulatorType, result, TypeInformation.of(resultType));
    }

    /** The last step: operator name (web UI) and uid (state in savepoints); then the dataflow is built. */
    public static final class Named<R extends WindowedResult> {
        private final Builder<?, ?, ?, ?, R> builder;

        <E extends JsonRecord, K, A, V> Named(WindowedAggregation<E, K> w, AggregateFunction<E, A, V> aggregate,
                                              TypeInformation<A> accumulatorType, WindowResultFunction<K, V, R> result,
                                              TypeInformation<R> resultType) {
            this.builder = new Builder<>(w, aggregate, accumulatorType, result, resultType);
        }

        public SingleOutputStreamOperator<R> named(String name, String uid) {
            return builder.build(name, uid);
        }
    }

    private static final class Builder<E extends JsonRecord, K, A, V, R extends WindowedResult> {
        private final WindowedAggregation<E, K> w;
        private final AggregateFunction<E, A, V> aggregate;
        private final TypeInformation<A> accumulatorType;
        private final WindowResultFunction<K, V, R> result;
        private final TypeInformation<R> resultType;

        Builder(WindowedAggregation<E, K> w, AggregateFunction<E, A, V> aggregate, TypeInformation<A> accumulatorType,
                WindowResultFunction<K, V, R> result, TypeInformation<R> resultType) {
            this.w = w;
            this.aggregate = aggregate;
            this.accumulatorType = accumulatorType;
            this.result = result;
            this.resultType = resultType;
        }

        SingleOutputStreamOperator<R> build(String name, String uid) {
            if (w.assigner == null) {
                throw new IllegalStateException("window(...) was not called for " + name);
            }
            TypeInformation<V> valueType = TypeExtractor.getAggregateFunctionReturnType(
                    aggregate, w.keyed.getType(), null, false);
            Trigger<Object, TimeWindow> trigger =
                    w.mode == EmitMode.UPDATES ? new FireOnEveryElement<>() : EventTimeTrigger.create();
            OutputTag<E> lateTag = new OutputTag<>(uid + "-late", w.keyed.getType());

            SingleOutputStreamOperator<R> results = w.keyed
                    .window(w.assigner)
                    .trigger(new CountAcceptedLate<>(trigger))
                    .allowedLateness(w.allowedLateness)
                    .sideOutputLateData(lateTag)
                    .aggregate(aggregate, new EmitWindowResult<>(result, !w.allowedLateness.isZero()), accumulatorType, valueType, resultType)
                    .name(name + (w.mode == EmitMode.UPDATES ? " (updates)" : "")
                            + (w.allowedLateness.isZero() ? "" : ", late up to " + Durations.format(w.allowedLateness)))
                    .uid(uid);

            DataStream<LateRecord> late = results.getSideOutput(lateTag)
                    .process(new DescribeLateRecord<E>(w.pipeline.jobName(), w.assigner))
                    .returns(LateRecord.class)
                    .name("route late records of " + name).uid(uid + "-late-records");
            w.pipeline.emitLate(late);
            return results;
        }
    }
}
