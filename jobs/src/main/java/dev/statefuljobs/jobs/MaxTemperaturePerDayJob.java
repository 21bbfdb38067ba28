package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.SensorReading;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.SensorReadingFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

/**
 * The seed's "maximum temperature per day", with its late sensor reading: the highest reading per
 * sensor per UTC day (1-day tumbling windows are epoch-aligned, so they are UTC days), and when it
 * was taken.
 *
 * <pre>
 * Spark:  readings.withWatermark("timestamp", "1 minute")
 *                 .groupBy(window("timestamp", "1 day"), "sensor_id").agg(max("temperature"))
 * Flink:  readings.keyBy(sensorId).window(TumblingEventTimeWindows.of(1 d)).allowedLateness(G).aggregate(max)
 * </pre>
 *
 * {@code --source sample-late --out-of-orderness 1m --allowed-lateness 5m} replays a reading that
 * arrives 2 minutes behind the watermark (accepted: the day is re-emitted with {@code
 * "update":true}) and one that arrives after the grace period (sent to the late output).
 *
 * <p>{@code --impl sql} runs it in Flink SQL ({@code sql/max-temperature-per-day.sql}): a window
 * Top-N ({@code ROW_NUMBER()} per sensor and day, highest first, earliest of equal ones) over a
 * {@code TUMBLE} window TVF. It has no {@code --allowed-lateness}: a window TVF emits each day once
 * and drops later readings, counted in {@code numLateRecordsDropped}, where this job updates the
 * day.
 */
public final class MaxTemperaturePerDayJob {

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: keyBy(sensorId).window(TumblingEventTimeWindows).allowedLateness(...).aggregate(max); "
                            + "sql: a window Top-N (ROW_NUMBER() per sensor and day) over a TUMBLE window TVF "
                            + "in Flink SQL (sql/max-temperature-per-day.sql), without --allowed-lateness: "
                            + "late readings dropped and counted in numLateRecordsDropped.");

    private MaxTemperaturePerDayJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        // Events: sensor readings, {"sensor_id","temperature","timestamp"}; a line that does not
        // parse is a dead letter.
        // Event time: each reading's timestamp, with watermarks --out-of-orderness behind the
        // newest.
        DataStream<SensorReading> readings =
                sources.events(
                        new SensorReadingFormat(),
                        WatermarkStrategy.<SensorReading>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((reading, previous) -> reading.timestamp));

        // Key and window: per sensor, 1-day tumbling windows (UTC days), keeping the highest
        // reading.
        Windowed<DailyMaxTemperature, SensorReading> daily =
                WindowedAggregation.of(readings.keyBy(reading -> reading.sensorId, Types.STRING))
                        .window(TumblingEventTimeWindows.of(Duration.ofDays(1)))
                        .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                        .aggregate(
                                new HighestReading(),
                                DailyMaxTemperature::new,
                                DailyMaxTemperature.class)
                        .named("max temperature per sensor per day", "max-temperature-per-day");

        // Emit: one row per sensor and day; readings too late for their day go to the late output.
        sinks.results(daily.results());
        sinks.late(daily.late());
    }

    /**
     * Keeps the highest reading (the earliest of equal ones, so the result does not depend on
     * arrival order).
     */
    static final class HighestReading
            implements AggregateFunction<SensorReading, SensorReading, SensorReading> {
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
            return a.temperature > b.temperature
                    || (a.temperature == b.temperature && a.timestamp < b.timestamp);
        }
    }

    /**
     * The SQL twin: the query of {@code sql/max-temperature-per-day.sql} over the job's sources,
     * its rows mapped to the DataStream job's results.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (!flags.get(Flags.ALLOWED_LATENESS).isZero()) {
            throw new IllegalArgumentException(
                    "--impl sql emits each day once, when the watermark passes its end: a window TVF"
                            + " has no --allowed-lateness, so late readings cannot update a day (they"
                            + " are dropped and counted in numLateRecordsDropped)");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources,
                        flags,
                        new SensorReadingFormat(),
                        "sql/max-temperature-per-day.sql",
                        Map.of());
        sinks.results(
                rows.map(
                                row ->
                                        new DailyMaxTemperature(
                                                row.<String>getFieldAs("sensor_id"),
                                                SqlTwin.instant(row.getFieldAs("window_start")),
                                                row.<Double>getFieldAs("temperature"),
                                                row.<Instant>getFieldAs("timestamp")))
                        .returns(DailyMaxTemperature.class)
                        .name("top rows to daily maxima"));
    }
}
