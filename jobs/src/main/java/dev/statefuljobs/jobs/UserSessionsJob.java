package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.groupstate.FlatMapGroupsWithStateFunction;
import dev.statefuljobs.common.groupstate.GroupState;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.groupstate.GroupStates;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import dev.statefuljobs.common.time.Durations;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The seed's session tracking: per-user sessions that end after {@code --gap} (30 s) without a click.
 *
 * <pre>
 * Spark:  df.groupByKey(user_id).mapGroupsWithState(update_func, GroupStateTimeout.ProcessingTimeTimeout)
 * Flink:  clicks.keyBy(userId) + GroupStates.flatMapGroupsWithState(new UpdateSession(gap, time), ...)
 * </pre>
 *
 * Every click emits the session's update ({@code "status":"active"}); when the gap passes, the session
 * emits one {@code "expired"} row and its state is removed. {@code --time processing} (the default, as in
 * the seed) times sessions out on the wall clock; {@code --time event} on the clicks' {@code eventtimestamp}
 * (at last click + gap, like Spark's {@code session_window}), with late clicks on the late output.
 */
public final class UserSessionsJob implements StreamingJob {

    static final String OPERATOR = "user sessions";

    @Override
    public String name() {
        return "user-sessions";
    }

    @Override
    public String description() {
        return "Per-user click sessions that expire after an inactivity gap (seed: mapGroupsWithState sessions)";
    }

    @Override
    public String sampleName() {
        return "clicks";
    }

    @Override
    public void build(Pipeline pipeline) {
        Duration gap = pipeline.options().duration("gap", "30s");
        boolean eventTime = pipeline.options().choice("time", "processing", "processing", "event").equals("event");
        if (gap.isZero()) {
            throw new IllegalArgumentException("--gap must be positive");
        }

        DataStream<Click> clicks = pipeline.events(new ClickFormat());
        SingleOutputStreamOperator<SessionUpdate> sessions = sessions(clicks, gap, eventTime);
        pipeline.emit(sessions);
        pipeline.emitLateEvents(GroupStates.lateRecords(sessions, clicks.getType()));
    }

    /** Key by user and keep one session per user in GroupState. */
    static SingleOutputStreamOperator<SessionUpdate> sessions(DataStream<Click> clicks, Duration gap,
                                                             boolean eventTime) {
        return GroupStates.flatMapGroupsWithState(
                        clicks.keyBy(click -> click.userId, Types.STRING),
                        new UpdateSession(gap, eventTime),
                        Types.POJO(Session.class),
                        Types.POJO(SessionUpdate.class),
                        timeoutMode(eventTime))
                .name(OPERATOR + " (" + Durations.format(gap) + " gap, " + (eventTime ? "event" : "processing")
                        + " time)")
                .uid("user-sessions");
    }

    static GroupStateTimeout timeoutMode(boolean eventTime) {
        return eventTime ? GroupStateTimeout.EventTimeTimeout : GroupStateTimeout.ProcessingTimeTimeout;
    }

    /**
     * The seed's {@code update_func}, plus what it lacks: ending the session. flatMapGroupsWithState rather
     * than mapGroupsWithState because one click can emit two rows: the end of the previous session and the
     * first update of the next.
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
        public Iterator<SessionUpdate> call(String userId, Iterator<Click> clicks, GroupState<Session> state) {
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
                    // The gap passed in event time, but the watermark has not fired the timeout yet:
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

        /** Event time: the session's end as session_window reports it; processing time: the last click. */
        private long sessionEnd(Session session) {
            return eventTime ? session.lastEvent + gapMs : session.lastEvent;
        }
    }
}
