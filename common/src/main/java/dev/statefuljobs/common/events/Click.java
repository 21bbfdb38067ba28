package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A click, as in the seed: {@code
 * {"user_id":"user1","event":"click","eventtimestamp":"2023-07-30T10:00:00Z"}}. Its Flink type is
 * {@link EventTypeInfo} with {@link ClickSerializer} (never Kryo), wherever Flink extracts it.
 */
@TypeInfo(ClickSerializer.Factory.class)
public class Click implements JsonRecord {
    public String userId;
    public String event;

    /** Event time, milliseconds since the epoch. */
    public long timestamp;

    public Click() {}

    public Click(String userId, String event, long timestamp) {
        this.userId = userId;
        this.event = event;
        this.timestamp = timestamp;
    }

    /** The seed's own JSON form, as the late output shows it. */
    @Override
    public String toJson() {
        return JsonLine.object()
                .field("user_id", userId)
                .field("event", event)
                .instant("eventtimestamp", timestamp)
                .toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Click)) return false;
        Click c = (Click) o;
        return timestamp == c.timestamp
                && Objects.equals(userId, c.userId)
                && Objects.equals(event, c.event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, event, timestamp);
    }

    @Override
    public String toString() {
        return "Click{"
                + userId
                + ", "
                + event
                + ", "
                + java.time.Instant.ofEpochMilli(timestamp)
                + "}";
    }
}
