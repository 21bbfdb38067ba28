package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.window.FireOnEveryElement;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The seed's first example: clicks per user in 1-minute tumbling event-time windows.
 *
 * <pre>
 * Spark:  df.groupBy(window(df.eventtimestamp, "1 minute"), df.user_id).count()
 * Flink:  clicks.keyBy(userId).window(TumblingEventTimeWindows.of(1 min)).aggregate(count)
 * </pre>
 *
 * {@code --emit final} (default) emits each window once, when the watermark passes its end: Spark's append
 * mode. {@code --emit updates} emits every changed count at once: Spark's update mode.
 */
public final class ClicksPerMinuteJob implements StreamingJob {

    @Override
    public String name() {
        return "clicks-per-minute";
    }

    @Override
    public String description() {
        return "Clicks per user per 1-minute tumbling event-time window (seed: windowed aggregation)";
    }

    @Override
    public String sampleName() {
        return "clicks";
    }

    @Override
    public void build(Pipeline pipeline) {
        Duration window = pipeline.options().duration("window", "1m");
        boolean updates = pipeline.options().choice("emit", "final", "final", "updates").equals("updates");

        DataStream<Click> clicks = pipeline.events(new ClickFormat());
        pipeline.emit(countPerUser(clicks, window, updates));
    }

    /** Parse and event time are done by the pipeline; this is the job's own logic: key, window, count. */
    static SingleOutputStreamOperator<ClickCount> countPerUser(DataStream<Click> clicks, Duration size,
                                                              boolean updates) {
        WindowedStream<Click, String, TimeWindow> windows = clicks
                .keyBy(click -> click.userId, Types.STRING)
                .window(TumblingEventTimeWindows.of(size));
        if (updates) {
            windows = windows.trigger(new FireOnEveryElement<>());
        }
        return windows.aggregate(new CountClicks(), new ToClickCount())
                .name("count clicks per user per " + Durations.format(size) + " window"
                        + (updates ? " (updates)" : ""))
                .uid("count-clicks-per-window");
    }

    /** Counts incrementally, so a window holds one long per user, not the clicks themselves. */
    static final class CountClicks implements AggregateFunction<Click, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Click click, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Adds the key and the window's bounds to the count. */
    static final class ToClickCount extends ProcessWindowFunction<Long, ClickCount, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String userId, Context ctx, Iterable<Long> counts, Collector<ClickCount> out) {
            out.collect(new ClickCount(ctx.window().getStart(), ctx.window().getEnd(), userId, counts.iterator().next()));
        }
    }
}
