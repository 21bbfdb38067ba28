package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.window.WindowedAggregation;
import dev.statefuljobs.common.window.WindowedAggregation.Windowed;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Row;

/**
 * The seed's "total number of transactions per hour": count and sum of amounts over all users, per
 * hour.
 *
 * <pre>
 * Spark:  df.groupBy(window(col("transactionTime"), "1 hour")).agg(count("*"), sum("amount"))
 * Flink:  transactions.keyBy(constant).window(TumblingEventTimeWindows.of(1 h)).aggregate(count and sum)
 * </pre>
 *
 * A global aggregate has one group per hour, so one subtask does the work either way. Keying by a
 * constant rather than {@code windowAll} keeps the job on the keyed path that every windowed job
 * shares (late-data handling, per-window state); {@code windowAll} would be just as honest
 * (parallelism 1). At high rates the scalable form is two-phase: pre-aggregate keyed by user
 * (parallel), then add the partial sums per hour.
 *
 * <p>{@code --impl sql} runs it in Flink SQL ({@code sql/transactions-per-hour.sql}): {@code
 * COUNT(*)} and {@code SUM(amount)} over a {@code TUMBLE} window TVF, transactionTime read as a
 * STRING and converted in a computed column. Late transactions are dropped and counted in {@code
 * numLateRecordsDropped}.
 */
public final class TransactionsPerHourJob {

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: keyBy(constant).window(TumblingEventTimeWindows).aggregate(count and sum); sql: "
                            + "COUNT(*) and SUM(amount) over a TUMBLE window TVF in Flink SQL "
                            + "(sql/transactions-per-hour.sql), late transactions dropped and counted in "
                            + "numLateRecordsDropped.");

    /** The one key: every transaction belongs to the same hourly total. */
    static final String ALL = "all";

    private TransactionsPerHourJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        // Events: transactions, {"userId","amount","transactionTime"}; a line that does not parse
        // is a dead letter.
        // Event time: each transaction's transactionTime, with watermarks --out-of-orderness behind
        // the newest.
        DataStream<Transaction> transactions =
                sources.events(
                        new TransactionFormat(),
                        WatermarkStrategy.<Transaction>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((tx, previous) -> tx.transactionTime));

        // Key and window: one key for all transactions, 1-hour tumbling windows, count and sum kept
        // incrementally.
        Windowed<HourlyTransactions, Transaction> hourly =
                WindowedAggregation.of(transactions.keyBy(tx -> ALL, Types.STRING))
                        .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                        .allowedLateness(flags.get(Flags.ALLOWED_LATENESS))
                        .aggregate(
                                new CountAndSum(),
                                HourlyTransactions::new,
                                HourlyTransactions.class)
                        .named("count and sum all transactions per hour", "transactions-per-hour");

        // Emit: one row per hour; transactions too late for their hour go to the late output.
        sinks.results(hourly.results());
        sinks.late(hourly.late());
    }

    /**
     * The SQL twin: the query of {@code sql/transactions-per-hour.sql} over the job's sources, its
     * rows mapped to the DataStream job's results. transactionTime is a STRING that the script
     * converts; the source refuses what this job's format refuses, with the same reason.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (!flags.get(Flags.ALLOWED_LATENESS).isZero()) {
            throw new IllegalArgumentException(
                    "--impl sql emits each hour once, when the watermark passes its end: a window TVF"
                            + " has no --allowed-lateness (late transactions are dropped and counted in"
                            + " numLateRecordsDropped)");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources,
                        flags,
                        new TransactionFormat(),
                        "sql/transactions-per-hour.sql",
                        Map.of(),
                        Map.of("transactionTime", TransactionFormat::transactionTimeText));
        sinks.results(
                rows.map(
                                row ->
                                        new HourlyTransactions(
                                                SqlTwin.instant(row.getFieldAs("window_start")),
                                                SqlTwin.instant(row.getFieldAs("window_end")),
                                                row.<Long>getFieldAs("transactions"),
                                                row.<Double>getFieldAs("total_amount")))
                        .returns(HourlyTransactions.class)
                        .name("window rows to hourly transactions"));
    }

    /** (count, sum of amounts), kept incrementally. */
    static final class CountAndSum
            implements AggregateFunction<Transaction, Tuple2<Long, Double>, Tuple2<Long, Double>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Double> createAccumulator() {
            return Tuple2.of(0L, 0.0);
        }

        @Override
        public Tuple2<Long, Double> add(Transaction t, Tuple2<Long, Double> acc) {
            return Tuple2.of(acc.f0 + 1, acc.f1 + t.amount);
        }

        @Override
        public Tuple2<Long, Double> getResult(Tuple2<Long, Double> acc) {
            return acc;
        }

        @Override
        public Tuple2<Long, Double> merge(Tuple2<Long, Double> a, Tuple2<Long, Double> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }
}
