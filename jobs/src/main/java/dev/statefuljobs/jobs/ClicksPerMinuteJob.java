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
import dev.statefuljobs.jobs.sql.SqlIntervals;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

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
 *
 * <p>{@code --impl sql} runs the same query in Flink SQL ({@code sql/clicks-per-minute.sql}): a
 * {@code TUMBLE} window table-valued function over a {@code 'format' = 'json'} table, final windows
 * only. It prints the same lines; late clicks are dropped by the window operator and counted in its
 * {@code numLateRecordsDropped} metric, not routed to the late output.
 */
public final class ClicksPerMinuteJob {

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: keyBy(userId).window(TumblingEventTimeWindows).aggregate(count); sql: the same query in "
                            + "Flink SQL (sql/clicks-per-minute.sql, a TUMBLE window TVF over a 'format' = 'json' table): "
                            + "--emit final only, late clicks dropped and counted in numLateRecordsDropped.");

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
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
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

    /**
     * The SQL twin: the query of {@code sql/clicks-per-minute.sql} over the job's sources, its rows
     * mapped to the DataStream job's results, so both print the same lines.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(EMIT) != EmitMode.FINAL || !flags.get(Flags.ALLOWED_LATENESS).isZero()) {
            throw new IllegalArgumentException(
                    "--impl sql emits each window once, when the watermark passes its end: a window"
                            + " TVF has neither --emit updates nor --allowed-lateness (late clicks are"
                            + " dropped and counted in numLateRecordsDropped)");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources,
                        flags,
                        new ClickFormat(),
                        "sql/clicks-per-minute.sql",
                        Map.of("window", SqlIntervals.literal(flags.get(WINDOW))));
        sinks.results(
                rows.map(
                                row ->
                                        new ClickCount(
                                                row.<String>getFieldAs("user_id"),
                                                SqlTwin.instant(row.getFieldAs("window_start")),
                                                SqlTwin.instant(row.getFieldAs("window_end")),
                                                row.<Long>getFieldAs("clicks")))
                        .returns(ClickCount.class)
                        .name("window rows to clicks per user"));
    }
}
