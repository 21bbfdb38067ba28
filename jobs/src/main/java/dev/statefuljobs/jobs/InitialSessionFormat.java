package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonObjectReader;
import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialStateFormat;

/**
 * A row of {@code --initial-state} for user-sessions: one user's open {@link Session}, with the
 * field names of the job's output, {@code
 * {"user_id":"user1","session_start":"2023-07-30T10:00:00Z","last_event":"2023-07-30T10:00:20Z","event_count":2}}.
 * All four are required ({@code last_event} decides when the session ends) and nothing else is
 * allowed; {@code event_count} is at least 1 and {@code last_event} is not before {@code
 * session_start}.
 */
public final class InitialSessionFormat implements InitialStateFormat<String, Session> {
    private static final long serialVersionUID = 1L;

    @Override
    public InitialRow<String, Session> parse(String line) throws InvalidRecordException {
        String userId = null;
        Long start = null;
        Long lastEvent = null;
        Long count = null;
        try (JsonObjectReader r = JsonObjectReader.open(line)) {
            while (r.nextField()) {
                switch (r.name()) {
                    case "user_id" -> userId = r.nonEmptyString();
                    case "session_start" -> start = r.isoInstant();
                    case "last_event" -> lastEvent = r.isoInstant();
                    case "event_count" -> {
                        count = r.integer();
                        if (count < 1) {
                            throw r.invalid("must be at least 1, got " + count);
                        }
                    }
                    default ->
                            throw r.invalid(
                                    "is not one of user_id, session_start, last_event, event_count");
                }
            }
        }
        Session session =
                new Session(
                        JsonObjectReader.required(start, "session_start"),
                        JsonObjectReader.required(lastEvent, "last_event"),
                        JsonObjectReader.required(count, "event_count"));
        if (session.lastEvent < session.start) {
            throw new InvalidRecordException("last_event is before session_start");
        }
        return new InitialRow<>(JsonObjectReader.required(userId, "user_id"), session);
    }
}
