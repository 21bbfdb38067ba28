package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.LogLine;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.LogLineFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

/**
 * The seed's "how many times an error occurs in logs every 15 minutes": ERROR lines per service in
 * 15-minute tumbling windows. Lines of other levels are valid input and are filtered out before the
 * window (not counted anywhere, not dead letters); a service with no ERROR line in a window gives
 * no row.
 *
 * <pre>
 * Spark:  logs.filter(col("level") == "ERROR").groupBy(window("timestamp", "15 minutes"), "service").count()
 * Flink:  logs.filter(isError).keyBy(service).window(TumblingEventTimeWindows.of(15 min)).aggregate(count)
 * </pre>
 *
 * <p>{@code --impl sql} runs it in Flink SQL ({@code sql/errors-per-15-minutes.sql}): a view of the
 * ERROR lines, counted over a {@code TUMBLE} window TVF. Late errors are dropped and counted in
 * {@code numLateRecordsDropped}.
 */
public final class ErrorsPer15MinutesJob {

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: filter(isError).keyBy(service).window(TumblingEventTimeWindows).aggregate(count); "
                            + "sql: a view of the ERROR lines, COUNT(*) over a TUMBLE window TVF in Flink SQL "
                            + "(sql/errors-per-15-minutes.sql), late errors dropped and counted in "
                            + "numLateRecordsDropped.");

    private ErrorsPer15MinutesJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        // Events: log lines, {"service","level","message","timestamp"}; a line that does not parse
        // is a dead letter.
        // Event time: each line's timestamp, with watermarks --out-of-orderness behind the newest
        // (of all levels).
        DataStream<LogLine> lines =
                sources.events(
                        new LogLineFormat(),
                        WatermarkStrategy.<LogLine>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((line, previous) -> line.timestamp));

        // Only errors count. The filter runs at the source's parallelism, chained to it: a
        // rebalance before keyBy would reorder lines against the watermark, and a replay would not
        // give the same late lines every time.
        DataStream<LogLine> errors =
                lines.filter(LogLine::isError)
                        .setParallelism(lines.getParallelism())
                        .name("keep ERROR lines");

        // Key and window: per service, 15-minute tumbling windows, counted.
        Windowed<ErrorCount, LogLine> counts =
                WindowedAggregation.of(errors.keyBy(line -> line.service, Types.STRING))
                        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(15)))
                        .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                        .aggregate(new Count<LogLine>(), ErrorCount::new, ErrorCount.class)
                        .named("count errors per service per 15m window", "errors-per-15-minutes");

        // Emit: one count per service and window; errors too late for their window go to the late
        // output.
        sinks.results(counts.results());
        sinks.late(counts.late());
    }

    /**
     * The SQL twin: the query of {@code sql/errors-per-15-minutes.sql} over the job's sources, its
     * rows mapped to the DataStream job's results.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (!flags.get(Flags.ALLOWED_LATENESS).isZero()) {
            throw new IllegalArgumentException(
                    "--impl sql emits each window once, when the watermark passes its end: a window"
                            + " TVF has no --allowed-lateness (late errors are dropped and counted in"
                            + " numLateRecordsDropped)");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources,
                        flags,
                        new LogLineFormat(),
                        "sql/errors-per-15-minutes.sql",
                        Map.of());
        sinks.results(
                rows.map(
                                row ->
                                        new ErrorCount(
                                                row.<String>getFieldAs("service"),
                                                SqlTwin.instant(row.getFieldAs("window_start")),
                                                SqlTwin.instant(row.getFieldAs("window_end")),
                                                row.<Long>getFieldAs("errors")))
                        .returns(ErrorCount.class)
                        .name("window rows to error counts"));
    }
}
