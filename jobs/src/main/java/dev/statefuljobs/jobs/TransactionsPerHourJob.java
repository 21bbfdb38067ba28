package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.window.WindowedAggregation;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

import java.time.Duration;

/**
 * The seed's "total number of transactions per hour": count and sum of amounts over all users, per hour.
 *
 * <pre>
 * Spark:  df.groupBy(window(col("transactionTime"), "1 hour")).agg(count("*"), sum("amount"))
 * Flink:  transactions.keyBy(constant).window(TumblingEventTimeWindows.of(1 h)).aggregate(count and sum)
 * </pre>
 *
 * A global aggregate has one group per hour, so one subtask does the work either way. Keying by a constant
 * rather than {@code windowAll} keeps the job on the keyed path that every windowed job shares (late-data
 * handling, per-window state); {@code windowAll} would be just as honest (parallelism 1). At high rates the
 * scalable form is two-phase: pre-aggregate keyed by user (parallel), then add the partial sums per hour.
 */
public final class TransactionsPerHourJob implements StreamingJob {

    /** The one key: every transaction belongs to the same hourly total. */
    static final String ALL = "all";

    @Override
    public String name() {
        return "transactions-per-hour";
    }

    @Override
    public String description() {
        return "Count and total amount of all transactions per hour (seed: transactions per hour)";
    }

    @Override
    public String sampleName() {
        return "transactions-per-hour";
    }

    @Override
    public String defaultTopic() {
        return "transactions";
    }

    @Override
    public void build(Pipeline pipeline) {
        DataStream<Transaction> transactions = pipeline.events(new TransactionFormat());
        pipeline.emit(WindowedAggregation.of(pipeline, transactions.keyBy(t -> ALL, Types.STRING))
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .aggregate(new CountAndSum(), HourlyTransactions::new, HourlyTransactions.class)
                .named("count and sum all transactions per hour", "transactions-per-hour"));
    }

    /** (count, sum of amounts), kept incrementally. */
    static final class CountAndSum implements AggregateFunction<Transaction, Tuple2<Long, Double>, Tuple2<Long, Double>> {
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
