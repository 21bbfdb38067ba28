package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.groupstate.FlatMapGroupsWithStateFunction;
import dev.statefuljobs.common.groupstate.GroupState;
import dev.statefuljobs.common.groupstate.GroupStateOptions;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.groupstate.GroupStates;
import dev.statefuljobs.common.io.LateEvents;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The seed's event-time-timeout example: a running total per user that is cleared {@code --timeout}
 * (1 h) of event time after the user's latest transaction.
 *
 * <pre>
 * Spark:  df.groupByKey(userId).mapGroupsWithState(update_func, GroupStateTimeout.EventTimeTimeout)
 *         with state.setTimeoutTimestamp(max(transactionTime) + 1 hour)
 * Flink:  transactions.keyBy(userId) + GroupStates.flatMapGroupsWithState(new AddOrExpire(timeout), EventTimeTimeout)
 * </pre>
 *
 * Each transaction emits {@code {"userId","total"}}; an expiry emits {@code
 * {"userId","total","expired":true, "expired_at"}} and clears the total. Unlike Spark, expiry is
 * event-time correct: a transaction later than its user's expiry time starts from zero even when
 * the watermark has not fired the timeout yet (the old total's expiry row is emitted first). Late
 * transactions go to the late output.
 *
 * <p>{@code --initial-state} starts users from the totals of a file ({@code {"userId","total"}} per
 * line, as running-total reads them) when the job starts fresh. An initial total has no deadline:
 * its user's next transaction adds to it and arms the deadline (transaction time + timeout) as for
 * any total. A user with an initial total and no transaction keeps it, and emits nothing.
 */
public final class RunningTotalExpiringJob {

    static final String OPERATOR = "expiring running total";

    public static final Flag<Duration> TIMEOUT =
            Flag.duration(
                            "timeout",
                            Duration.ofHours(1),
                            "A user's total is cleared this long (event time) after the latest transaction.")
                    .checked(Durations::requirePositive);

    private RunningTotalExpiringJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        // Events: the seed's transactions; a line that does not parse is a dead letter.
        // Event time: each transaction's transactionTime, with watermarks --out-of-orderness behind
        // the newest.
        DataStream<Transaction> transactions =
                sources.events(
                        new TransactionFormat(),
                        WatermarkStrategy.<Transaction>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((tx, previous) -> tx.transactionTime));

        // Key and state: per user, a total in GroupState with an event-time timeout of --timeout.
        // --initial-state: users' totals to start from, with no deadline until their next
        // transaction.
        SingleOutputStreamOperator<RunningTotal> totals =
                totals(transactions, flags.get(TIMEOUT), RunningTotalJob.initialTotals(flags));

        // Emit: a total per transaction and an expiry row per timeout; late transactions to the
        // late output.
        sinks.results(totals);
        sinks.late(LateEvents.of(GroupStates.lateRecords(totals, transactions.getType())));
    }

    static SingleOutputStreamOperator<RunningTotal> totals(
            DataStream<Transaction> transactions,
            Duration timeout,
            InitialState<String, Double> initial) {
        return GroupStates.flatMapGroupsWithState(
                        transactions.keyBy(tx -> tx.userId, Types.STRING),
                        new AddOrExpire(timeout),
                        Types.DOUBLE,
                        Types.POJO(RunningTotal.class),
                        GroupStateTimeout.EventTimeTimeout,
                        GroupStateOptions.<String, Double>none().withInitialState(initial))
                .name(OPERATOR + " per user (" + Durations.format(timeout) + " event-time timeout)")
                .uid("running-total-expiring");
    }

    /**
     * The seed's {@code update_func} with EventTimeTimeout, made event-time correct. The deadline
     * is the one armed for the key ({@link GroupState#getPendingTimeoutTimestampMs()}): the latest
     * transaction's time + timeout. flatMapGroupsWithState because one transaction can emit two
     * rows (old total's expiry, new total).
     */
    public static final class AddOrExpire
            implements FlatMapGroupsWithStateFunction<String, Transaction, Double, RunningTotal> {
        private static final long serialVersionUID = 1L;

        private static final long NO_DEADLINE = Long.MIN_VALUE;

        private final long timeoutMs;

        public AddOrExpire(Duration timeout) {
            this.timeoutMs = timeout.toMillis();
        }

        @Override
        public Iterator<RunningTotal> call(
                String userId, Iterator<Transaction> transactions, GroupState<Double> state) {
            if (state.hasTimedOut()) {
                RunningTotal expiry =
                        RunningTotal.expiredAt(
                                userId,
                                state.get(),
                                state.getPendingTimeoutTimestampMs().getAsLong());
                state.remove();
                return List.of(expiry).iterator();
            }
            List<RunningTotal> out = new ArrayList<>(2);
            Double total = state.getOption().orElse(null);
            // No deadline: no total yet, or an initial total (--initial-state) before its user's
            // first transaction.
            long expiresAt = state.getPendingTimeoutTimestampMs().orElse(NO_DEADLINE);
            while (transactions.hasNext()) {
                Transaction tx = transactions.next();
                if (total != null && expiresAt != NO_DEADLINE && tx.transactionTime > expiresAt) {
                    // Expired in event time; the watermark just has not fired the timeout yet.
                    out.add(RunningTotal.expiredAt(userId, total, expiresAt));
                    total = null;
                }
                if (total == null) {
                    total = 0.0;
                }
                expiresAt = Math.max(expiresAt, tx.transactionTime + timeoutMs);
                total += tx.amount;
                out.add(new RunningTotal(userId, total));
            }
            state.update(total);
            state.setTimeoutTimestamp(expiresAt);
            return out.iterator();
        }
    }
}
