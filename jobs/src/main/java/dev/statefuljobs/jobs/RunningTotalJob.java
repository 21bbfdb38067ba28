package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.groupstate.GroupState;
import dev.statefuljobs.common.groupstate.GroupStateOptions;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.groupstate.GroupStates;
import dev.statefuljobs.common.groupstate.MapGroupsWithStateFunction;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.state.AppliesInitialState;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import dev.statefuljobs.common.state.InitialStateReduceOperator;
import dev.statefuljobs.common.time.Durations;
import dev.statefuljobs.common.tws.TTLConfig;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * The seed's Kafka example: a running total of transaction amounts per user, printed on every
 * transaction.
 *
 * <pre>
 * Spark:  df.groupBy("userId").mapGroupsWithState(update_func, GroupStateTimeout.NoTimeout)
 *         (or the built-in df.groupBy("userId").agg(sum("amount")))
 * Flink:  --impl groupstate: transactions.keyBy(userId) + GroupStates.mapGroupsWithState(new AddToTotal(), NoTimeout)
 *         --impl keyed-sum:  transactions.map(toTotal).keyBy(userId).reduce(sum)
 * </pre>
 *
 * Both emit {@code {"userId","total"}} per transaction, the same totals in the same order per user.
 * {@code --state-ttl 1h} drops a user's total when it was not updated for that long in
 * <em>processing time</em> (Flink's TTL has no event-time mode); the next transaction then starts
 * from zero. Flink's built-in {@code reduce} keeps its state in a descriptor that takes no TTL, so
 * with {@code --state-ttl} keyed-sum applies the same reduce function through a TTL'd {@link
 * ReducingState} ({@link SumWithTtl}).
 *
 * <p>{@code --state-ttl-event-time 1h} (GroupState only) drops a total once the watermark, or its
 * user's next transaction, is an hour of <em>event time</em> past the transaction that last updated
 * it ({@link TTLConfig#eventTime}): a replay of a day in a minute expires what the day did.
 *
 * <p>{@code --initial-state} starts users from the totals of a file ({@code {"userId","total"}} per
 * line) when the job starts fresh, never on a restore: GroupState takes them as its state,
 * keyed-sum as the reduced value so far (in the built-in reduce operator's own state, or {@link
 * SumWithTtl}'s), so the same savepoints restore with or without the flag.
 *
 * <p>{@code --impl sql} is the seed's {@code groupBy("userId").agg(sum("amount"))} in Flink SQL
 * ({@code sql/running-total.sql}): an updating result, whose changelog retracts a user's previous
 * total ({@code -U}) and adds the new one ({@code +U}). The job writes the {@code +I} and {@code
 * +U} rows as the same totals the other implementations print, or the whole changelog with {@code
 * --changelog}. One difference by design: a transaction that leaves the total unchanged (an amount
 * of 0) changes no row, so SQL emits nothing for it where the others print the total again.
 */
public final class RunningTotalJob {

    /** The two ports of the seed's update function, and the SQL twin of its built-in sum. */
    public enum Impl {
        GROUPSTATE,
        KEYED_SUM,
        SQL
    }

    public static final Flag<Impl> IMPL =
            Flag.choice(
                    "impl",
                    Impl.class,
                    Impl.GROUPSTATE,
                    "groupstate: the seed's update function on GroupState (mapGroupsWithState); keyed-sum: Flink's built-in "
                            + "keyBy(userId).reduce(sum); sql: GROUP BY userId with SUM(amount) in Flink SQL "
                            + "(sql/running-total.sql), its changelog written as one total per change.");

    public static final Flag<Boolean> CHANGELOG =
            Flag.toggle(
                    "changelog",
                    "--impl sql: write the query's changelog as it is, each row with its kind (\"op\": \"+I\" a "
                            + "user's first total, \"-U\" the total it retracts, \"+U\" the new one), instead of "
                            + "one total per change.");

    public static final Flag<Duration> STATE_TTL =
            Flag.duration(
                    "state-ttl",
                    Duration.ZERO,
                    "Drop a user's total when it was not updated for this long in processing time (Flink state TTL); "
                            + "0s: never.");

    public static final Flag<Duration> STATE_TTL_EVENT_TIME =
            Flag.duration(
                    "state-ttl-event-time",
                    Duration.ZERO,
                    "--impl groupstate: drop a user's total once the watermark, or the user's next transaction, is this "
                            + "far past the transaction that last updated it (event-time TTL: a replay expires what the "
                            + "live run did); 0s: never.");

    private RunningTotalJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == Impl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        if (flags.get(CHANGELOG)) {
            throw new IllegalArgumentException(
                    "--changelog needs --impl sql (the other implementations emit one total per"
                            + " transaction, no changelog)");
        }
        // Events: the seed's transactions, {"userId","amount","transactionTime"}; bad lines are
        // dead letters.
        // Event time: each transaction's transactionTime, with watermarks --out-of-orderness behind
        // the newest.
        DataStream<Transaction> transactions =
                sources.events(
                        new TransactionFormat(),
                        WatermarkStrategy.<Transaction>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((tx, previous) -> tx.transactionTime));

        // Key and state: per user, a running total, in GroupState or in Flink's keyed reduce,
        // starting from --initial-state when the job starts fresh.
        StateTtlConfig ttl = stateTtl(flags.get(STATE_TTL));
        TTLConfig eventTimeTtl = eventTimeTtl(flags);
        InitialState<String, Double> initial = initialTotals(flags);
        DataStream<RunningTotal> totals =
                flags.get(IMPL) == Impl.GROUPSTATE
                        ? withGroupState(transactions, ttl, eventTimeTtl, initial)
                        : withKeyedSum(transactions, ttl, initial);

        // Emit: the user's new total on every transaction.
        sinks.results(totals);
    }

    /**
     * Flink state TTL for {@code --state-ttl}: processing time, refreshed on every write; null for
     * 0s (none). Public for scripts/state.sh: TTL wraps the state's serializer, so reading and
     * writing the state takes the same config.
     */
    public static StateTtlConfig stateTtl(Duration ttl) {
        if (ttl.isZero()) {
            return null;
        }
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }

    /**
     * {@code --state-ttl-event-time}: null for 0s; GroupState only, since Flink's reduce has no
     * timers to clean up with.
     */
    static TTLConfig eventTimeTtl(JobFlags flags) {
        Duration ttl = flags.get(STATE_TTL_EVENT_TIME);
        if (ttl.isZero()) {
            return null;
        }
        if (flags.get(IMPL) != Impl.GROUPSTATE) {
            throw new IllegalArgumentException(
                    "--state-ttl-event-time needs --impl groupstate (keyed-sum has --state-ttl, in"
                            + " processing time)");
        }
        return TTLConfig.eventTime(ttl);
    }

    /**
     * {@code --initial-state}: users' totals, {@code {"userId","total"}} per line, checked now;
     * null without the flag.
     */
    static InitialState<String, Double> initialTotals(JobFlags flags) {
        return InitialStateFlag.read(flags, new InitialTotalFormat());
    }

    /** The seed's update function on GroupState. */
    static SingleOutputStreamOperator<RunningTotal> withGroupState(
            DataStream<Transaction> transactions,
            StateTtlConfig ttl,
            TTLConfig eventTimeTtl,
            InitialState<String, Double> initial) {
        return GroupStates.mapGroupsWithState(
                        transactions.keyBy(tx -> tx.userId, Types.STRING),
                        new AddToTotal(),
                        Types.DOUBLE,
                        Types.POJO(RunningTotal.class),
                        GroupStateTimeout.NoTimeout,
                        GroupStateOptions.<String, Double>none()
                                .withStateTtl(ttl)
                                .withTtl(eventTimeTtl)
                                .withInitialState(initial))
                .name(
                        "running total per user (mapGroupsWithState"
                                + ttlLabel(ttl)
                                + (eventTimeTtl == null
                                        ? ""
                                        : ", TTL "
                                                + Durations.format(eventTimeTtl.ttlDuration())
                                                + " event time")
                                + ")")
                .uid("running-total");
    }

    /**
     * Flink's built-in keyed aggregation, the analogue of Spark's {@code
     * groupBy("userId").sum("amount")}.
     */
    static SingleOutputStreamOperator<RunningTotal> withKeyedSum(
            DataStream<Transaction> transactions,
            StateTtlConfig ttl,
            InitialState<String, Double> initial) {
        TypeInformation<RunningTotal> type = Types.POJO(RunningTotal.class);
        KeyedStream<RunningTotal, String> amounts =
                transactions
                        .map(tx -> new RunningTotal(tx.userId, tx.amount))
                        .returns(type)
                        .name("amount per user")
                        // Chained to the events: a rebalance before keyBy would reorder a user's
                        // transactions.
                        .setParallelism(transactions.getParallelism())
                        .keyBy(total -> total.userId, Types.STRING);
        // An initial total is the reduced value so far: the user's first amount is added to it.
        InitialState<String, RunningTotal> initialTotals =
                initial == null ? null : new InitialRunningTotals(initial);
        if (ttl == null) {
            return InitialStateReduceOperator.reduce(amounts, new SumTotals(), initialTotals)
                    .name("running total per user (keyBy.reduce)")
                    .uid("running-total-keyed-sum");
        }
        return InitialStateOperator.process(amounts, new SumWithTtl(ttl), type, initialTotals)
                .name("running total per user (reducing state" + ttlLabel(ttl) + ")")
                .uid("running-total-keyed-sum-ttl");
    }

    private static String ttlLabel(StateTtlConfig ttl) {
        return ttl == null
                ? ""
                : ", TTL " + Durations.format(ttl.getTimeToLive()) + " processing time";
    }

    /**
     * The seed's {@code update_func}: {@code state.get() + sum(amounts)}, or the sum when there is
     * no state. Flink calls it per transaction, so every transaction prints its user's new total.
     */
    public static final class AddToTotal
            implements MapGroupsWithStateFunction<String, Transaction, Double, RunningTotal> {
        private static final long serialVersionUID = 1L;

        @Override
        public RunningTotal call(
                String userId, Iterator<Transaction> transactions, GroupState<Double> state) {
            double total = state.exists() ? state.get() : 0.0;
            while (transactions.hasNext()) {
                total += transactions.next().amount;
            }
            state.update(total);
            return new RunningTotal(userId, total);
        }
    }

    /** Adds a new amount to the total so far, in that order (as {@link AddToTotal} does). */
    public static final class SumTotals implements ReduceFunction<RunningTotal> {
        private static final long serialVersionUID = 1L;

        @Override
        public RunningTotal reduce(RunningTotal soFar, RunningTotal next) {
            return new RunningTotal(soFar.userId, soFar.total + next.total);
        }
    }

    /**
     * keyed-sum with {@code --state-ttl}: {@link SumTotals} in a {@link ReducingState} that has a
     * TTL.
     */
    public static final class SumWithTtl
            extends KeyedProcessFunction<String, RunningTotal, RunningTotal>
            implements AppliesInitialState<String, RunningTotal> {
        private static final long serialVersionUID = 1L;

        private final StateTtlConfig ttl;
        private transient ReducingState<RunningTotal> total;

        public SumWithTtl(StateTtlConfig ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            ReducingStateDescriptor<RunningTotal> descriptor =
                    new ReducingStateDescriptor<>(
                            "total", new SumTotals(), Types.POJO(RunningTotal.class));
            descriptor.enableTimeToLive(ttl);
            total = getRuntimeContext().getReducingState(descriptor);
        }

        /** An initial total starts the reducing state, and its TTL. */
        @Override
        public void applyInitialState(String userId, RunningTotal initial, TimerService timers)
                throws Exception {
            total.add(initial);
        }

        @Override
        public void processElement(RunningTotal amount, Context ctx, Collector<RunningTotal> out)
                throws Exception {
            total.add(amount);
            out.collect(total.get());
        }
    }

    /**
     * The SQL twin: {@code GROUP BY userId} with {@code SUM(amount)}; {@code --state-ttl} is the
     * query's idle state retention ({@code table.exec.state.ttl}), processing time as in the other
     * implementations.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(Flags.INITIAL_STATE) != null) {
            throw new IllegalArgumentException(
                    "--impl sql cannot start from --initial-state: a SQL aggregate's state is its own"
                            + " (start it from a savepoint, or use --impl groupstate or keyed-sum)");
        }
        if (!flags.get(STATE_TTL_EVENT_TIME).isZero()) {
            throw new IllegalArgumentException(
                    "--state-ttl-event-time needs --impl groupstate (--impl sql has --state-ttl, in"
                            + " processing time)");
        }
        Configuration tableConfig = new Configuration();
        tableConfig.set(ExecutionConfigOptions.IDLE_STATE_RETENTION, flags.get(STATE_TTL));
        DataStream<Row> changes =
                SqlTwin.plan(
                        sources,
                        flags,
                        new TransactionFormat(),
                        "sql/running-total.sql",
                        Map.of(),
                        tableConfig,
                        StreamTableEnvironment::toChangelogStream);
        if (flags.get(CHANGELOG)) {
            sinks.results(
                    changes.map(TotalChange::of)
                            .returns(TotalChange.class)
                            .name("changelog rows to total changes"));
            return;
        }
        sinks.results(
                changes.filter(row -> row.getKind() != RowKind.UPDATE_BEFORE)
                        .name("drop retractions (-U)")
                        .map(
                                row ->
                                        new RunningTotal(
                                                row.<String>getFieldAs("userId"),
                                                row.<Double>getFieldAs("total")))
                        .returns(RunningTotal.class)
                        .name("changelog rows to running totals"));
    }
}
