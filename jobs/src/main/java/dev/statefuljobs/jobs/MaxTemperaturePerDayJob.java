package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.SensorReading;
import dev.statefuljobs.common.format.SensorReadingFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.window.WindowedAggregation;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

import java.time.Duration;

/**
 * The seed's "maximum temperature per day", with its late sensor reading: the highest reading per sensor per
 * UTC day (1-day tumbling windows are epoch-aligned, so they are UTC days), and when it was taken.
 *
 * <pre>
 * Spark:  readings.withWatermark("timestamp", "1 minute")
 *                 .groupBy(window("timestamp", "1 day"), "sensor_id").agg(max("temperature"))
 * Flink:  readings.keyBy(sensorId).window(TumblingEventTimeWindows.of(1 d)).allowedLateness(G).aggregate(max)
 * </pre>
 *
 * {@code --source sample-late --out-of-orderness 1m --allowed-lateness 5m} replays a reading that arrives 2
 * minutes behind the watermark (accepted: the day is re-emitted with {@code "update":true}) and one that
 * arrives after the grace period (sent to the late output).
 */
public final class MaxTemperaturePerDayJob implements StreamingJob {

    @Override
    public String name() {
        return "max-temperature-per-day";
    }

    @Override
    public String description() {
        return "Highest reading per sensor per UTC day, with late readings (seed: max temperature per day)";
    }

    @Override
    public String sampleName() {
        return "max-temperature-per-day";
    }

    @Override
    public String defaultTopic() {
        return "sensor-readings";
    }

    @Override
    public void build(Pipeline pipeline) {
        DataStream<SensorReading> readings = pipeline.events(new SensorReadingFormat());
        pipeline.emit(WindowedAggregation.of(pipeline, readings.keyBy(r -> r.sensorId, Types.STRING))
                .window(TumblingEventTimeWindows.of(Duration.ofDays(1)))
                .aggregate(new HighestReading(), DailyMaxTemperature::new, DailyMaxTemperature.class)
                .named("max temperature per sensor per day", "max-temperature-per-day"));
    }

    /** Keeps the highest reading (the earliest of equal ones, so the result does not depend on arrival order). */
    static final class HighestReading implements AggregateFunction<SensorReading, SensorReading, SensorReading> {
        private static final long serialVersionUID = 1L;

        @Override
        public SensorReading createAccumulator() {
            return new SensorReading(null, Double.NEGATIVE_INFINITY, Long.MAX_VALUE);
        }

        @Override
        public SensorReading add(SensorReading r, SensorReading max) {
            return higher(r, max) ? new SensorReading(r.sensorId, r.temperature, r.timestamp) : max;
        }

        @Override
        public SensorReading getResult(SensorReading max) {
            return max;
        }

        @Override
        public SensorReading merge(SensorReading a, SensorReading b) {
            return higher(a, b) ? a : b;
        }

        private static boolean higher(SensorReading a, SensorReading b) {
            return a.temperature > b.temperature || (a.temperature == b.temperature && a.timestamp < b.timestamp);
        }
    }
}
