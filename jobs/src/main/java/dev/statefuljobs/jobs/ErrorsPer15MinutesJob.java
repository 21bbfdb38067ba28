package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.LogLine;
import dev.statefuljobs.common.format.LogLineFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.window.Count;
import dev.statefuljobs.common.window.WindowedAggregation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

import java.time.Duration;

/**
 * The seed's "how many times an error occurs in logs every 15 minutes": ERROR lines per service in 15-minute
 * tumbling windows. Lines of other levels are valid input and are filtered out before the window (not
 * counted anywhere, not dead letters); a service with no ERROR line in a window gives no row.
 *
 * <pre>
 * Spark:  logs.filter(col("level") == "ERROR").groupBy(window("timestamp", "15 minutes"), "service").count()
 * Flink:  logs.filter(isError).keyBy(service).window(TumblingEventTimeWindows.of(15 min)).aggregate(count)
 * </pre>
 */
public final class ErrorsPer15MinutesJob implements StreamingJob {

    @Override
    public String name() {
        return "errors-per-15-minutes";
    }

    @Override
    public String description() {
        return "ERROR log lines per service per 15-minute window (seed: errors every 15 minutes)";
    }

    @Override
    public String sampleName() {
        return "errors-per-15-minutes";
    }

    @Override
    public String defaultTopic() {
        return "logs";
    }

    @Override
    public void build(Pipeline pipeline) {
        DataStream<LogLine> errors = pipeline.events(new LogLineFormat())
                .filter(LogLine::isError).name("keep ERROR lines");
        pipeline.emit(WindowedAggregation.of(pipeline, errors.keyBy(line -> line.service, Types.STRING))
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(15)))
                .aggregate(new Count<LogLine>(), ErrorCount::new, ErrorCount.class)
                .named("count errors per service per 15m window", "errors-per-15-minutes"));
    }
}
