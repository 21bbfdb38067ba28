package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Visit;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.VisitFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

/**
 * The seed's "website visits per hour": visits and unique visitors per page in 1-hour tumbling
 * windows.
 *
 * <pre>
 * Spark:  visits.groupBy(window("timestamp", "1 hour"), "page").agg(count("*"), countDistinct("visitor_id"))
 * Flink:  visits.keyBy(page).window(TumblingEventTimeWindows.of(1 h)).aggregate(visits and visitor set)
 * </pre>
 *
 * The unique count is exact: each page-hour keeps the set of its visitor ids in state, so memory
 * grows with the distinct visitors per page and hour. (Spark's streaming {@code countDistinct} is
 * not supported either; its {@code approx_count_distinct} is HyperLogLog, the bounded-memory
 * alternative here too.)
 *
 * <p>{@code --impl sql} runs it in Flink SQL ({@code sql/visits-per-hour.sql}): {@code COUNT(*)}
 * and {@code COUNT(DISTINCT visitor_id)} over a {@code TUMBLE} window TVF, which keeps the same
 * exact set per page-hour in its state. Late visits are dropped and counted in {@code
 * numLateRecordsDropped}.
 */
public final class VisitsPerHourJob {

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: keyBy(page).window(TumblingEventTimeWindows).aggregate(visits and visitor set); sql: "
                            + "COUNT(*) and COUNT(DISTINCT visitor_id) over a TUMBLE window TVF in Flink SQL "
                            + "(sql/visits-per-hour.sql), late visits dropped and counted in numLateRecordsDropped.");

    private VisitsPerHourJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        // Events: page visits, {"page","visitor_id","timestamp"}; a line that does not parse is a
        // dead letter.
        // Event time: each visit's timestamp, with watermarks --out-of-orderness behind the newest.
        DataStream<Visit> visits =
                sources.events(
                        new VisitFormat(),
                        WatermarkStrategy.<Visit>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((visit, previous) -> visit.timestamp));

        // Key and window: per page, 1-hour tumbling windows, keeping the visit count and the set of
        // visitors.
        Windowed<PageVisits, Visit> hourly =
                WindowedAggregation.of(visits.keyBy(visit -> visit.page, Types.STRING))
                        .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                        .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                        .aggregate(
                                new VisitsAndVisitors(),
                                VisitTally.TYPE,
                                PageVisits::new,
                                PageVisits.class)
                        .named(
                                "count visits and unique visitors per page per hour",
                                "visits-per-hour");

        // Emit: one row per page and hour; visits too late for their hour go to the late output.
        sinks.results(hourly.results());
        sinks.late(hourly.late());
    }

    /**
     * The SQL twin: the query of {@code sql/visits-per-hour.sql} over the job's sources, its rows
     * mapped to the DataStream job's results.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (!flags.get(Flags.ALLOWED_LATENESS).isZero()) {
            throw new IllegalArgumentException(
                    "--impl sql emits each hour once, when the watermark passes its end: a window TVF"
                            + " has no --allowed-lateness (late visits are dropped and counted in"
                            + " numLateRecordsDropped)");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources, flags, new VisitFormat(), "sql/visits-per-hour.sql", Map.of());
        sinks.results(
                rows.map(
                                row ->
                                        new PageVisits(
                                                row.<String>getFieldAs("page"),
                                                SqlTwin.instant(row.getFieldAs("window_start")),
                                                SqlTwin.instant(row.getFieldAs("window_end")),
                                                row.<Long>getFieldAs("visits"),
                                                row.<Long>getFieldAs("unique_visitors")))
                        .returns(PageVisits.class)
                        .name("window rows to page visits"));
    }

    /**
     * A page-hour's visits so far and the set of its visitors (a map to true: Flink has a map
     * serializer).
     */
    public static class VisitTally {
        /** The accumulator's type; public for scripts/state.sh, which reads the open windows. */
        public static final TypeInformation<VisitTally> TYPE =
                Types.POJO(
                        VisitTally.class,
                        Map.of(
                                "visits",
                                Types.LONG,
                                "visitors",
                                Types.MAP(Types.STRING, Types.BOOLEAN)));

        public long visits;
        public Map<String, Boolean> visitors = new HashMap<>();
    }

    static final class VisitsAndVisitors
            implements AggregateFunction<Visit, VisitTally, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public VisitTally createAccumulator() {
            return new VisitTally();
        }

        @Override
        public VisitTally add(Visit visit, VisitTally tally) {
            tally.visits++;
            tally.visitors.put(visit.visitorId, Boolean.TRUE);
            return tally;
        }

        @Override
        public Tuple2<Long, Long> getResult(VisitTally tally) {
            return Tuple2.of(tally.visits, (long) tally.visitors.size());
        }

        @Override
        public VisitTally merge(VisitTally a, VisitTally b) {
            a.visits += b.visits;
            a.visitors.putAll(b.visitors);
            return a;
        }
    }
}
