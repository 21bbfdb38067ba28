package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/** A chat message: {@code {"user_id":"u1","message":"hi","timestamp":"2025-03-29T10:00:00Z"}}. */
public class ChatMessage implements JsonRecord {
    public String userId;
    public String message;

    /** Event time, milliseconds since the epoch. */
    public long timestamp;

    public ChatMessage() {}

    public ChatMessage(String userId, String message, long timestamp) {
        this.userId = userId;
        this.message = message;
        this.timestamp = timestamp;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("user_id", userId)
                .field("message", message)
                .instant("timestamp", timestamp)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
