package dev.statefuljobs.common.window;

import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.io.LateEvents;
import dev.statefuljobs.common.time.Durations;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.MergingWindowAssigner;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * An event-time window aggregation with late data handled the same way in every job:
 *
 * <ul>
 *   <li>{@link #allowedLateness} G (default 0): a record that arrives after its window fired but
 *       within G updates the window, which fires again with {@code "update":true}; counted in the
 *       window operator's {@code lateRecordsAccepted} metric.
 *   <li>A record beyond G goes to {@link Windowed#late()}, for the job's late output (never
 *       silently dropped).
 * </ul>
 *
 * A job reads like its description:
 *
 * <pre>
 * Windowed&lt;ClickCount, Click&gt; counts = WindowedAggregation.of(clicks.keyBy(c -&gt; c.userId, Types.STRING))
 *         .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
 *         .allowedLateness(Duration.ofMinutes(5))
 *         .aggregate(new Count&lt;&gt;(), ClickCount::new, ClickCount.class)
 *         .named("count clicks per user per 1m window", "count-clicks-per-window");
 * </pre>
 */
public final class WindowedAggregation<E extends JsonRecord, K> {

    private final KeyedStream<E, K> keyed;
    private WindowAssigner<? super E, TimeWindow> assigner;
    private Duration allowedLateness = Duration.ZERO;
    private EmitMode mode = EmitMode.FINAL;

    private WindowedAggregation(KeyedStream<E, K> keyed) {
        this.keyed = keyed;
    }

    public static <E extends JsonRecord, K> WindowedAggregation<E, K> of(KeyedStream<E, K> keyed) {
        return new WindowedAggregation<>(keyed);
    }

    public WindowedAggregation<E, K> window(WindowAssigner<? super E, TimeWindow> assigner) {
        this.assigner = assigner;
        return this;
    }

    /**
     * The grace period after a window fired in which a late record still updates it (Spark's
     * watermark delay).
     */
    public WindowedAggregation<E, K> allowedLateness(Duration lateness) {
        this.allowedLateness = Objects.requireNonNull(lateness, "lateness");
        return this;
    }

    public WindowedAggregation<E, K> emit(EmitMode mode) {
        this.mode = mode;
        return this;
    }

    /** Aggregates with {@code aggregate} and builds each result with {@code result}. */
    public <A, V, R extends WindowedResult> Named<E, K, A, V, R> aggregate(
            AggregateFunction<E, A, V> aggregate,
            WindowResultFunction<K, V, R> result,
            Class<R> resultType) {
        TypeInformation<A> accumulatorType =
                TypeExtractor.getAggregateFunctionAccumulatorType(
                        aggregate, keyed.getType(), null, false);
        return aggregate(aggregate, accumulatorType, result, resultType);
    }

    /** As above, with the accumulator's type given, e.g. for a POJO holding a map. */
    public <A, V, R extends WindowedResult> Named<E, K, A, V, R> aggregate(
            AggregateFunction<E, A, V> aggregate,
            TypeInformation<A> accumulatorType,
            WindowResultFunction<K, V, R> result,
            Class<R> resultType) {
        return new Named<>(
                this, aggregate, accumulatorType, result, TypeInformation.of(resultType));
    }

    /** The results of a window aggregation and the records that came too late for their windows. */
    public static final class Windowed<R, E> {
        private final SingleOutputStreamOperator<R> results;
        private final LateEvents<E> late;

        Windowed(SingleOutputStreamOperator<R> results, LateEvents<E> late) {
            this.results = results;
            this.late = late;
        }

        public SingleOutputStreamOperator<R> results() {
            return results;
        }

        /** Records later than the allowed lateness, with the window assigner they missed. */
        public LateEvents<E> late() {
            return late;
        }
    }

    /**
     * The last step: operator name (web UI) and uid (state in savepoints); then the dataflow is
     * built.
     */
    public static final class Named<E extends JsonRecord, K, A, V, R extends WindowedResult> {
        private final WindowedAggregation<E, K> w;
        private final AggregateFunction<E, A, V> aggregate;
        private final TypeInformation<A> accumulatorType;
        private final WindowResultFunction<K, V, R> result;
        private final TypeInformation<R> resultType;

        Named(
                WindowedAggregation<E, K> w,
                AggregateFunction<E, A, V> aggregate,
                TypeInformation<A> accumulatorType,
                WindowResultFunction<K, V, R> result,
                TypeInformation<R> resultType) {
            this.w = w;
            this.aggregate = aggregate;
            this.accumulatorType = accumulatorType;
            this.result = result;
            this.resultType = resultType;
        }

        public Windowed<R, E> named(String name, String uid) {
            if (w.assigner == null) {
                throw new IllegalStateException("window(...) was not called for " + name);
            }
            TypeInformation<V> valueType =
                    TypeExtractor.getAggregateFunctionReturnType(
                            aggregate, w.keyed.getType(), null, false);
            boolean lateFirings = !w.allowedLateness.isZero();
            // Merging (session) windows clear triggers on merges too, before their end: they keep
            // Flink's own trigger.
            Trigger<Object, TimeWindow> trigger =
                    w.mode == EmitMode.UPDATES
                            ? new FireOnEveryElement<>()
                            : w.assigner.isEventTime()
                                            && !(w.assigner instanceof MergingWindowAssigner)
                                    ? new WindowEndTrigger(!lateFirings)
                                    : EventTimeTrigger.create();
            OutputTag<E> lateTag = new OutputTag<>(uid + "-late", w.keyed.getType());

            SingleOutputStreamOperator<R> results =
                    w.keyed
                            .window(w.assigner)
                            .trigger(new CountAcceptedLate<>(trigger))
                            .allowedLateness(w.allowedLateness)
                            .sideOutputLateData(lateTag)
                            .aggregate(
                                    aggregate,
                                    new EmitWindowResult<>(result, lateFirings),
                                    accumulatorType,
                                    valueType,
                                    resultType)
                            .name(
                                    name
                                            + (w.mode == EmitMode.UPDATES ? " (updates)" : "")
                                            + (lateFirings
                                                    ? ", late up to "
                                                            + Durations.format(w.allowedLateness)
                                                    : ""))
                            .uid(uid);
            return new Windowed<>(
                    results, new LateEvents<>(results.getSideOutput(lateTag), w.assigner));
        }
    }
}
