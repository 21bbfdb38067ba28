package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.EmitMode;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The seed's first example: clicks per user in 1-minute tumbling event-time windows.
 *
 * <pre>
 * Spark:  df.groupBy(window(df.eventtimestamp, "1 minute"), df.user_id).count()
 * Flink:  clicks.keyBy(userId).window(TumblingEventTimeWindows.of(1 min)).aggregate(count)
 * </pre>
 *
 * {@code --emit final} (default) emits each window once, when the watermark passes its end: Spark's
 * append mode. {@code --emit updates} emits every changed count at once: Spark's update mode.
 */
public final class ClicksPerMinuteJob {

    public static final Flag<Duration> WINDOW =
            Flag.duration(
                            "window",
                            Duration.ofMinutes(1),
                            "Size of the tumbling event-time window.")
                    .checked(Durations::requirePositive);

    public static final Flag<EmitMode> EMIT =
            Flag.choice(
                    "emit",
                    EmitMode.class,
                    EmitMode.FINAL,
                    "final: each window once, when the watermark passes its end (Spark's append mode); updates: every "
                            + "changed count at once (Spark's update mode).");

    private ClicksPerMinuteJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        // Events: the seed's clicks, {"user_id","event","eventtimestamp"}; a line that does not
        // parse is a dead letter.
        // Event time: each click's eventtimestamp; the watermark trails the newest click by
        // --out-of-orderness.
        DataStream<Click> clicks =
                sources.events(
                        new ClickFormat(),
                        WatermarkStrategy.<Click>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((click, previous) -> click.timestamp));

        // Key and window: per user, tumbling event-time windows of --window, counted as clicks
        // arrive.
        Duration size = flags.get(WINDOW);
        Windowed<ClickCount, Click> counts =
                WindowedAggregation.of(clicks.keyBy(click -> click.userId, Types.STRING))
                        .window(TumblingEventTimeWindows.of(size))
                        .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                        .emit(flags.get(EMIT))
                        .aggregate(new Count<Click>(), ClickCount::new, ClickCount.class)
                        .named(
                                "count clicks per user per " + Durations.format(size) + " window",
                                "count-clicks-per-window");

        // Emit: one count per user and window; clicks too late for their window go to the late
        // output.
        sinks.results(counts.results());
        sinks.late(counts.late());
    }
}
