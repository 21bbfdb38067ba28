package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.flags.Flag;
import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.ClickFormat;
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
import dev.statefuljobs.jobs.sql.SqlIntervals;
import dev.statefuljobs.jobs.sql.SqlTwin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/**
 * The seed's session tracking: per-user sessions that end after {@code --gap} (30 s) without a
 * click.
 *
 * <pre>
 * Spark:  df.groupByKey(user_id).mapGroupsWithState(update_func, GroupStateTimeout.ProcessingTimeTimeout)
 * Flink:  clicks.keyBy(userId) + GroupStates.flatMapGroupsWithState(new UpdateSession(gap, time), ...)
 * </pre>
 *
 * Every click emits the session's update ({@code "status":"active"}); when the gap passes, the
 * session emits one {@code "expired"} row and its state is removed. {@code --time processing} (the
 * default, as in the seed) times sessions out on the wall clock; {@code --time event} on the
 * clicks' {@code eventtimestamp} (at last click + gap, like Spark's {@code session_window}), with
 * late clicks on the late output.
 *
 * <p>{@code --initial-state} starts users with open sessions ({@link InitialSessionFormat}) when
 * the job starts fresh. An initial session has no timeout until its user's next click, which
 * continues it (or, with {@code --time event}, first ends it when the click is more than the gap
 * after its {@code last_event}); a user with no click keeps it open and emits nothing.
 *
 * <p>{@code --time event --impl sql} runs Spark's {@code session_window} in Flink SQL ({@code
 * sql/user-sessions.sql}): a {@code SESSION} window TVF partitioned by user, one {@code "expired"}
 * row per ended session (no {@code "active"} rows). Sessions merge by event time, so on disordered
 * clicks its sessions can differ from this job's (docs/porting-spark-sql.md).
 */
public final class UserSessionsJob {

    static final String OPERATOR = "user sessions";

    /**
     * Which clock ends a session: the wall clock, as in the seed, or the clicks' own event time.
     */
    public enum SessionTime {
        PROCESSING,
        EVENT
    }

    public static final Flag<Duration> GAP =
            Flag.duration(
                            "gap",
                            Duration.ofSeconds(30),
                            "A session ends after this long without a click.")
                    .checked(Durations::requirePositive);

    public static final Flag<SessionTime> TIME =
            Flag.choice(
                    "time",
                    SessionTime.class,
                    SessionTime.PROCESSING,
                    "processing: sessions time out on the wall clock (the seed's ProcessingTimeTimeout); event: on the "
                            + "clicks' eventtimestamp, at last click + gap, with late clicks on the late output.");

    public static final Flag<TwinImpl> IMPL =
            Flag.choice(
                    "impl",
                    TwinImpl.class,
                    TwinImpl.DATASTREAM,
                    "datastream: GroupStates.flatMapGroupsWithState(UpdateSession); sql (with --time event): a SESSION "
                            + "window TVF per user in Flink SQL (sql/user-sessions.sql), one \"expired\" row per "
                            + "ended session and no \"active\" rows; late clicks dropped and counted in "
                            + "numLateRecordsDropped.");

    private UserSessionsJob() {}

    /** The dataflow, which {@code main}, the tests and the benchmarks all build. */
    public static void build(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(IMPL) == TwinImpl.SQL) {
            withSql(sources, sinks, flags);
            return;
        }
        // Events: the seed's clicks; a line that does not parse is a dead letter.
        // Event time: each click's eventtimestamp; the watermark trails the newest click by
        // --out-of-orderness.
        DataStream<Click> clicks =
                sources.events(
                        new ClickFormat(),
                        WatermarkStrategy.<Click>forBoundedOutOfOrderness(
                                        flags.get(Flags.OUT_OF_ORDERNESS))
                                .withTimestampAssigner((click, previous) -> click.timestamp));

        // Key and state: one session per user in GroupState, timed out after --gap.
        SingleOutputStreamOperator<SessionUpdate> sessions =
                sessions(
                        clicks,
                        flags.get(GAP),
                        flags.get(TIME) == SessionTime.EVENT,
                        InitialStateFlag.read(flags, new InitialSessionFormat()));

        // Emit: an update per click and one "expired" row per session; late clicks (event time) to
        // the late output.
        sinks.results(sessions);
        sinks.late(LateEvents.of(GroupStates.lateRecords(sessions, clicks.getType())));
    }

    /**
     * The SQL twin: the query of {@code sql/user-sessions.sql} over the job's sources, each session
     * window's row mapped to the DataStream job's row for an ended session.
     */
    static void withSql(Sources sources, Sinks sinks, JobFlags flags) {
        if (flags.get(TIME) != SessionTime.EVENT) {
            throw new IllegalArgumentException(
                    "--impl sql needs --time event: a SESSION window TVF ends sessions on the clicks'"
                            + " event time, not on the wall clock");
        }
        if (flags.get(Flags.INITIAL_STATE) != null) {
            throw new IllegalArgumentException(
                    "--impl sql cannot start from --initial-state: a SESSION window's state belongs"
                            + " to the SQL plan");
        }
        DataStream<Row> rows =
                SqlTwin.appendOnly(
                        sources,
                        flags,
                        new ClickFormat(),
                        "sql/user-sessions.sql",
                        Map.of("gap", SqlIntervals.literal(flags.get(GAP))));
        sinks.results(
                rows.map(
                                row -> {
                                    long start =
                                            SqlTwin.instant(row.getFieldAs("window_start"))
                                                    .toEpochMilli();
                                    long end =
                                            SqlTwin.instant(row.getFieldAs("window_end"))
                                                    .toEpochMilli();
                                    long clicks = row.<Long>getFieldAs("clicks");
                                    String user = row.getFieldAs("user_id");
                                    // window_end is the last click + the gap, as the job's
                                    // session_end.
                                    return SessionUpdate.expired(
                                            user, new Session(start, end, clicks), end);
                                })
                        .returns(SessionUpdate.class)
                        .name("session windows to ended sessions"));
    }

    /**
     * Key by user and keep one session per user in GroupState, starting from {@code initial}
     * (--initial-state, or null) when the job starts fresh.
     */
    static SingleOutputStreamOperator<SessionUpdate> sessions(
            DataStream<Click> clicks,
            Duration gap,
            boolean eventTime,
            InitialState<String, Session> initial) {
        return GroupStates.flatMapGroupsWithState(
                        clicks.keyBy(click -> click.userId, Types.STRING),
                        new UpdateSession(gap, eventTime),
                        Types.POJO(Session.class),
                        Types.POJO(SessionUpdate.class),
                        timeoutMode(eventTime),
                        GroupStateOptions.<String, Session>none().withInitialState(initial))
                .name(
                        OPERATOR
                                + " ("
                                + Durations.format(gap)
                                + " gap, "
                                + (eventTime ? "event" : "processing")
                                + " time)")
                .uid("user-sessions");
    }

    static GroupStateTimeout timeoutMode(boolean eventTime) {
        return eventTime
                ? GroupStateTimeout.EventTimeTimeout
                : GroupStateTimeout.ProcessingTimeTimeout;
    }

    /**
     * The seed's {@code update_func}, plus what it lacks: ending the session.
     * flatMapGroupsWithState rather than mapGroupsWithState because one click can emit two rows:
     * the end of the previous session and the first update of the next.
     */
    public static final class UpdateSession
            implements FlatMapGroupsWithStateFunction<String, Click, Session, SessionUpdate> {
        private static final long serialVersionUID = 1L;

        private final long gapMs;
        private final boolean eventTime;

        public UpdateSession(Duration gap, boolean eventTime) {
            this.gapMs = gap.toMillis();
            this.eventTime = eventTime;
        }

        @Override
        public Iterator<SessionUpdate> call(
                String userId, Iterator<Click> clicks, GroupState<Session> state) {
            if (state.hasTimedOut()) {
                Session ended = state.get();
                state.remove();
                return List.of(SessionUpdate.expired(userId, ended, sessionEnd(ended))).iterator();
            }
            List<SessionUpdate> out = new ArrayList<>(2);
            Session session = state.getOption().orElse(null);
            while (clicks.hasNext()) {
                Click click = clicks.next();
                if (session != null && eventTime && click.timestamp > session.lastEvent + gapMs) {
                    // The gap passed in event time, but the watermark has not fired the timeout
                    // yet:
                    // end the old session at its own end time, as the timeout would have.
                    out.add(SessionUpdate.expired(userId, session, sessionEnd(session)));
                    session = null;
                }
                if (session == null) {
                    session = new Session(click.timestamp, click.timestamp, 0);
                }
                session.start = Math.min(session.start, click.timestamp);
                session.lastEvent = Math.max(session.lastEvent, click.timestamp);
                session.eventCount += 1;
                out.add(SessionUpdate.active(userId, session));
            }
            state.update(session);
            if (eventTime) {
                state.setTimeoutTimestamp(session.lastEvent + gapMs);
            } else {
                state.setTimeoutDuration(gapMs);
            }
            return out.iterator();
        }

        /**
         * Event time: the session's end as session_window reports it; processing time: the last
         * click.
         */
        private long sessionEnd(Session session) {
            return eventTime ? session.lastEvent + gapMs : session.lastEvent;
        }
    }
}
