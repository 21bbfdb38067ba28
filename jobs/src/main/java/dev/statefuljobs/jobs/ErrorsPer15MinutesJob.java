package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.LogLine;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.LogLineFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

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
 */
public final class ErrorsPer15MinutesJob {

    private ErrorsPer15MinutesJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
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
}
