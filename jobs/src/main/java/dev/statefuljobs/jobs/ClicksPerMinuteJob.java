package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.EmitMode;
import dev.statefuljobs.common.window.WindowedAggregation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

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
        Duration size = pipeline.options().duration("window", "1m");
        boolean updates = pipeline.options().choice("emit", "final", "final", "updates").equals("updates");

        DataStream<Click> clicks = pipeline.events(new ClickFormat());
        pipeline.emit(WindowedAggregation.of(pipeline, clicks.keyBy(click -> click.userId, Types.STRING))
                .window(TumblingEventTimeWindows.of(size))
                .emit(updates ? EmitMode.UPDATES : EmitMode.FINAL)
                .aggregate(new Count<Click>(), ClickCount::new, ClickCount.class)
                .named("count clicks per user per " + Durations.format(size) + " window", "count-clicks-per-window"));
    }
}
