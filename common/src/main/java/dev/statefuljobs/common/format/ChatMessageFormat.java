package dev.statefuljobs.common.format;

import static dev.statefuljobs.common.format.JsonObjectReader.required;

import dev.statefuljobs.common.events.ChatMessage;
import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Chat messages. {@code user_id} and {@code timestamp} (ISO-8601) are required; {@code message} is
 * optional.
 */
public final class ChatMessageFormat implements EventFormat<ChatMessage> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "chat-messages";
    }

    @Override
    public TypeInformation<ChatMessage> type() {
        return Types.POJO(ChatMessage.class);
    }

    @Override
    public ChatMessage read(JsonObjectReader r) throws InvalidRecordException {
        String userId = null;
        String message = null;
        Long time = null;
        while (r.nextField()) {
            if (r.isNull()) continue;
            switch (r.name()) {
                case "user_id":
                    userId = r.nonEmptyString();
                    break;
                case "message":
                    message = r.string();
                    break;
                case "timestamp":
                    time = r.isoInstant();
                    break;
                default:
                    r.skipValue();
            }
        }
        return new ChatMessage(required(userId, "user_id"), message, required(time, "timestamp"));
    }

    @Override
    public long eventTime(ChatMessage message) {
        return message.timestamp;
    }

    /**
     * A chatty stream: {@code {"user_id":"user7","message":"msg
     * 42","timestamp":"2025-01-01T00:00:00.100Z"}}.
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("user_id", "user" + key)
                        .field("message", "msg " + index)
                        .instant("timestamp", time)
                        .toString();
    }
}
