package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * One row of user-sessions: {@code {"user_id","session_start","event_count","status":"active"}}
 * after each click, and {@code
 * {"user_id","session_start","session_end","event_count","status":"expired"}} once when the session
 * ends.
 */
public class SessionUpdate implements JsonRecord {
    public String userId;
    public long sessionStart;

    /**
     * Only for expired sessions: last click + gap (event time) or the last click (processing time).
     */
    public long sessionEnd;

    public long eventCount;
    public boolean expired;

    public SessionUpdate() {}

    private SessionUpdate(
            String userId, long sessionStart, long sessionEnd, long eventCount, boolean expired) {
        this.userId = userId;
        this.sessionStart = sessionStart;
        this.sessionEnd = sessionEnd;
        this.eventCount = eventCount;
        this.expired = expired;
    }

    public static SessionUpdate active(String userId, Session session) {
        return new SessionUpdate(userId, session.start, 0, session.eventCount, false);
    }

    public static SessionUpdate expired(String userId, Session session, long sessionEnd) {
        return new SessionUpdate(userId, session.start, sessionEnd, session.eventCount, true);
    }

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        JsonLine json =
                JsonLine.object().field("user_id", userId).instant("session_start", sessionStart);
        if (expired) {
            json.instant("session_end", sessionEnd);
        }
        return json.field("event_count", eventCount)
                .field("status", expired ? "expired" : "active")
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
