package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.io.LateEvents;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.tws.ExpiredTimerInfo;
import dev.statefuljobs.common.tws.ListState;
import dev.statefuljobs.common.tws.MapState;
import dev.statefuljobs.common.tws.OutputMode;
import dev.statefuljobs.common.tws.StatefulProcessor;
import dev.statefuljobs.common.tws.TTLConfig;
import dev.statefuljobs.common.tws.TimeMode;
import dev.statefuljobs.common.tws.TimerValues;
import dev.statefuljobs.common.tws.TransformWithState;
import dev.statefuljobs.jobs.FraudRules.TimedAmount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The seed's "detecting anomalies (fraud detection)": every transaction is checked against the
 * user's recent history, in event-time order, and one alert is emitted per transaction that breaks
 * a rule ({@link FraudRules}: velocity, at least --max-count transactions in a minute; spend, more
 * than --max-spend in an hour).
 *
 * <pre>
 * Spark:  transactions.groupByKey(userId).transformWithState(new FraudDetector(), TimeMode.EventTime(), Append)
 * Flink:  transactions.keyBy(userId) + TransformWithState.apply(new FraudDetector(), EventTime, Append)
 * </pre>
 *
 * Transactions are buffered by time in a MapState and evaluated by an event-time timer at their
 * time, once the watermark reaches it; transactions with the same time are evaluated in arrival
 * order. So the alerts do not depend on the order in which transactions arrive within
 * --out-of-orderness. What is left of a user's history expires an hour of event time after the last
 * write (event-time TTL), so a quiet user holds no state.
 */
public final class FraudAlertsJob {

    public static final Flag<Integer> MAX_COUNT =
            Flag.integer(
                            "max-count",
                            5,
                            "velocity: alert on a user's transaction when it makes this many or more"
                                    + " within a minute.")
                    .checked(FraudAlertsJob::requirePositive);

    public static final Flag<Double> MAX_SPEND =
            Flag.decimal(
                    "max-spend",
                    1000.0,
                    "spend: alert on a user's transaction when the user's amounts within an hour,"
                            + " this one included, sum to more than this.");

    private FraudAlertsJob() {}

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

        // Key and state: per user, a transformWithState processor with two state variables and an
        // event-time timer per distinct transaction time.
        FraudRules rules = new FraudRules(flags.get(MAX_COUNT), flags.get(MAX_SPEND));
        SingleOutputStreamOperator<FraudAlert> alerts =
                TransformWithState.apply(
                                transactions.keyBy(tx -> tx.userId, Types.STRING),
                                new FraudDetector(rules),
                                TypeInformation.of(FraudAlert.class),
                                TimeMode.EventTime,
                                OutputMode.Append)
                        .name("fraud rules per user (transformWithState, event time)")
                        .uid("fraud-alerts");

        // Emit: one alert per transaction that breaks a rule; late transactions to the late output.
        sinks.results(alerts);
        sinks.late(LateEvents.of(TransformWithState.lateRecords(alerts, transactions.getType())));
    }

    private static void requirePositive(Integer n) {
        if (n < 1) {
            throw new IllegalArgumentException("a whole number of at least 1");
        }
    }

    /**
     * The processor, as a Spark user writes one: state variables in {@code init}, rows buffered in
     * {@code handleInputRows}, the work in {@code handleExpiredTimer}.
     */
    public static final class FraudDetector
            extends StatefulProcessor<String, Transaction, FraudAlert> {
        private static final long serialVersionUID = 1L;

        /** Nothing a user did more than an hour of event time ago can break a rule again. */
        static final TTLConfig AN_HOUR_OF_EVENT_TIME =
                TTLConfig.eventTime(Duration.ofMillis(FraudRules.horizonMs()));

        private final FraudRules rules;
        private transient MapState<Long, List<Transaction>> pending;
        private transient ListState<TimedAmount> history;

        public FraudDetector(FraudRules rules) {
            this.rules = rules;
        }

        @Override
        public void init(OutputMode outputMode, TimeMode timeMode) {
            pending =
                    getHandle()
                            .getMapState(
                                    "pending",
                                    Types.LONG,
                                    Types.LIST(TypeInformation.of(Transaction.class)),
                                    AN_HOUR_OF_EVENT_TIME);
            history =
                    getHandle()
                            .getListState(
                                    "history",
                                    Types.POJO(TimedAmount.class),
                                    AN_HOUR_OF_EVENT_TIME);
        }

        /** Buffers each transaction under its time, with a timer at that time. */
        @Override
        public Iterator<FraudAlert> handleInputRows(
                String userId, Iterator<Transaction> rows, TimerValues timerValues) {
            while (rows.hasNext()) {
                Transaction tx = rows.next();
                List<Transaction> atTime = pending.getValue(tx.transactionTime);
                List<Transaction> updated =
                        atTime == null ? new ArrayList<>(1) : new ArrayList<>(atTime);
                updated.add(tx);
                pending.updateValue(tx.transactionTime, updated);
                getHandle().registerTimer(tx.transactionTime);
            }
            return Collections.emptyIterator();
        }

        /** The watermark reached a buffered time: evaluate its transactions in arrival order. */
        @Override
        public Iterator<FraudAlert> handleExpiredTimer(
                String userId, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
            long time = expiredTimerInfo.getExpiryTimeInMs();
            List<Transaction> due = pending.getValue(time);
            if (due == null) {
                return Collections.emptyIterator();
            }
            pending.removeKey(time);
            List<TimedAmount> recent = new ArrayList<>();
            if (history.exists()) {
                history.get()
                        .forEachRemaining(
                                earlier -> {
                                    if (earlier.time > time - FraudRules.horizonMs()) {
                                        recent.add(earlier);
                                    }
                                });
            }
            List<FraudAlert> alerts = new ArrayList<>();
            for (Transaction tx : due) {
                FraudAlert alert = rules.evaluate(tx, recent);
                if (alert != null) {
                    alerts.add(alert);
                }
                recent.add(new TimedAmount(time, FraudRules.cents(tx.amount)));
            }
            history.put(recent);
            return alerts.iterator();
        }
    }
}
