package dev.statefuljobs.state;

import dev.statefuljobs.common.events.SensorReading;
import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.tws.TimeMode;
import dev.statefuljobs.jobs.FraudAlertsJob;
import dev.statefuljobs.jobs.FraudRules;
import dev.statefuljobs.jobs.FraudRules.TimedAmount;
import dev.statefuljobs.jobs.JobCatalog;
import dev.statefuljobs.jobs.RunningTotalJob;
import dev.statefuljobs.jobs.Session;
import dev.statefuljobs.jobs.UserSessionsJob;
import dev.statefuljobs.jobs.VisitsPerHourJob.VisitTally;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Which operators of each job keep keyed state, and how ({@link OperatorLayout}), for the job's
 * flags: {@code running-total --impl keyed-sum} keeps its totals elsewhere than {@code
 * running-total}. The first operator of a job is the one {@code read} and {@code bootstrap} use
 * unless {@code --operator} names another. docs/state.md has the same table; {@code
 * StateLayoutTest} fails when this class, that table and the jobs disagree.
 */
final class JobStates {

    private JobStates() {}

    /** The job's stateful operators, main one first. */
    static List<OperatorLayout> of(StreamingJob job, JobFlags flags) {
        switch (job.name()) {
            case "running-total":
                return List.of(runningTotal(flags));
            case "running-total-expiring":
                return List.of(
                        new GroupStateLayout<>(
                                "running-total-expiring",
                                "userId",
                                new Total(),
                                Types.DOUBLE,
                                GroupStateTimeout.EventTimeTimeout,
                                null));
            case "user-sessions":
                return List.of(
                        new GroupStateLayout<>(
                                "user-sessions",
                                "user_id",
                                new OpenSession(),
                                Types.POJO(Session.class),
                                flags.get(UserSessionsJob.TIME) == UserSessionsJob.SessionTime.EVENT
                                        ? GroupStateTimeout.EventTimeTimeout
                                        : GroupStateTimeout.ProcessingTimeTimeout,
                                null));
            case "clicks-per-minute":
                return List.of(count("count-clicks-per-window", "user_id", "count"));
            case "errors-per-15-minutes":
                return List.of(count("errors-per-15-minutes", "service", "errors"));
            case "transactions-per-hour":
                return List.of(
                        new WindowLayout<Tuple2<Long, Double>>(
                                "transactions-per-hour",
                                null, // one constant key, which the job's output omits too
                                Types.TUPLE(Types.LONG, Types.DOUBLE),
                                (acc, json) ->
                                        json.field("count", acc.f0).field("total_amount", acc.f1)));
            case "max-temperature-per-day":
                return List.of(
                        new WindowLayout<SensorReading>(
                                "max-temperature-per-day",
                                "sensor_id",
                                Types.POJO(SensorReading.class),
                                (max, json) ->
                                        json.field("max_temperature", max.temperature)
                                                .instant("at", max.timestamp)));
            case "visits-per-hour":
                return List.of(
                        new WindowLayout<VisitTally>(
                                "visits-per-hour",
                                "page",
                                VisitTally.TYPE,
                                (tally, json) ->
                                        json.field("visits", tally.visits)
                                                .field("unique_visitors", tally.visitors.size())
                                                .json(
                                                        "visitors",
                                                        Json.array(
                                                                new TreeSet<>(
                                                                        tally.visitors
                                                                                .keySet())))));
            case "spam-bursts":
                return List.of(
                        count("count-messages-per-sliding-window", "user_id", "messages"),
                        new BurstLayout("one-alert-per-burst"));
            case "fraud-alerts":
                return List.of(fraudAlerts(flags));
            default:
                return List.of(new OperatorLayout.Unsupported(job.name()));
        }
    }

    /** The operator {@code --operator uid} names, or the job's main one. */
    static OperatorLayout find(StreamingJob job, JobFlags flags, String uid) {
        List<OperatorLayout> layouts = of(job, flags);
        if (uid == null) {
            return layouts.get(0);
        }
        for (OperatorLayout layout : layouts) {
            if (uid.equals(layout.uid())) {
                return layout;
            }
        }
        throw new StateToolException(
                "Job "
                        + job.name()
                        + " has no stateful operator with uid '"
                        + uid
                        + "'; its operators with keyed state are: "
                        + String.join(", ", layouts.stream().map(OperatorLayout::uid).toList())
                        + ".");
    }

    /** The catalog's job of that name, or a sentence listing the jobs. */
    static StreamingJob job(String name) {
        return JobCatalog.find(name)
                .orElseThrow(
                        () ->
                                new StateToolException(
                                        "Unknown job '"
                                                + name
                                                + "': the jobs are "
                                                + String.join(
                                                        ", ",
                                                        JobCatalog.all().stream()
                                                                .map(StreamingJob::name)
                                                                .toList())
                                                + "."));
    }

    private static OperatorLayout runningTotal(JobFlags flags) {
        StateTtlConfig ttl = RunningTotalJob.stateTtl(flags.get(RunningTotalJob.STATE_TTL));
        if (flags.get(RunningTotalJob.IMPL) == RunningTotalJob.Impl.KEYED_SUM) {
            return ttl == null
                    ? new ReduceLayout("running-total-keyed-sum", null)
                    : new ReduceLayout("running-total-keyed-sum-ttl", ttl);
        }
        return new GroupStateLayout<>(
                "running-total",
                "userId",
                new Total(),
                Types.DOUBLE,
                GroupStateTimeout.NoTimeout,
                ttl);
    }

    /**
     * fraud-alerts' {@code FraudDetector}: {@code pending} maps a transaction time (an instant) to
     * the transactions at that time, as the job reads them; {@code history} holds the evaluated
     * {@code (time, cents)} pairs. Both have event-time TTL, so each value shows its expiry.
     */
    private static OperatorLayout fraudAlerts(JobFlags flags) {
        FraudRules rules =
                new FraudRules(
                        flags.get(FraudAlertsJob.MAX_COUNT), flags.get(FraudAlertsJob.MAX_SPEND));
        return new TwsLayout(
                        "fraud-alerts",
                        "userId",
                        new FraudAlertsJob.FraudDetector(rules),
                        TimeMode.EventTime)
                .map("pending", KeyCodec.INSTANT, JsonCodecs.list(TRANSACTION))
                .list("history", TIMED_AMOUNT);
    }

    /**
     * A transaction as the job reads it: {@code
     * {"userId","transactionId","transactionTime","amount"}}.
     */
    static final JsonCodec<Transaction> TRANSACTION =
            JsonCodecs.object(
                    TypeInformation.of(Transaction.class),
                    Transaction::new,
                    JsonCodecs.property(
                            "userId", JsonCodecs.STRING, t -> t.userId, (t, v) -> t.userId = v),
                    JsonCodecs.property(
                            "transactionId",
                            JsonCodecs.STRING,
                            t -> t.transactionId,
                            (t, v) -> t.transactionId = v),
                    JsonCodecs.property(
                            "transactionTime",
                            JsonCodecs.INSTANT,
                            t -> t.transactionTime,
                            (t, v) -> t.transactionTime = v),
                    JsonCodecs.property(
                            "amount", JsonCodecs.DOUBLE, t -> t.amount, (t, v) -> t.amount = v));

    /** An evaluated transaction: {@code {"time":"2023-11-14T22:13:20Z","cents":1000}}. */
    static final JsonCodec<TimedAmount> TIMED_AMOUNT =
            JsonCodecs.object(
                    Types.POJO(TimedAmount.class),
                    TimedAmount::new,
                    JsonCodecs.property(
                            "time", JsonCodecs.INSTANT, a -> a.time, (a, v) -> a.time = v),
                    JsonCodecs.property(
                            "cents", JsonCodecs.LONG, a -> a.cents, (a, v) -> a.cents = v));

    /** A window that counts, e.g. clicks per user: its accumulator is the count. */
    private static WindowLayout<Long> count(String uid, String keyField, String countField) {
        return new WindowLayout<>(
                uid, keyField, Types.LONG, (count, json) -> json.field(countField, count));
    }

    /** A user's total, as the running-total jobs print it. */
    static final List<Field> TOTAL = List.of(Field.of("total", Field.Type.DOUBLE));

    /** A running total kept as a {@code Double}: {@code {"total":120.0}}. */
    static final class Total implements ValueCodec<Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Field> fields() {
            return TOTAL;
        }

        @Override
        public Object[] encode(Double value) {
            return new Object[] {value};
        }

        @Override
        public Double decode(String key, Object[] values) {
            return (Double) values[0];
        }
    }

    /**
     * An open {@link Session}, with the names of user-sessions' output and initial-state rows:
     * {@code {"session_start":"...","last_event":"...","event_count":2}}.
     */
    static final class OpenSession implements ValueCodec<Session> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Field> fields() {
            return List.of(
                    Field.of("session_start", Field.Type.INSTANT),
                    Field.of("last_event", Field.Type.INSTANT),
                    Field.of("event_count", Field.Type.LONG));
        }

        @Override
        public Object[] encode(Session s) {
            return new Object[] {s.start, s.lastEvent, s.eventCount};
        }

        @Override
        public Session decode(String key, Object[] values) throws InvalidRecordException {
            Session s = new Session((Long) values[0], (Long) values[1], (Long) values[2]);
            if (s.eventCount < 1) {
                throw new InvalidRecordException(
                        "field 'event_count' must be at least 1, got " + s.eventCount);
            }
            if (s.lastEvent < s.start) {
                throw new InvalidRecordException("field 'last_event' is before 'session_start'");
            }
            return s;
        }
    }
}
