package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * A user's messages in one window, and the spam alert: {@code
 * {"user_id","window_start","window_end","messages"}}.
 */
public class MessageCount extends WindowedResult {
    public String userId;
    public long windowStart;
    public long windowEnd;
    public long messages;

    public MessageCount() {}

    public MessageCount(String userId, TimeWindow window, Long messages) {
        this.userId = userId;
        this.windowStart = window.getStart();
        this.windowEnd = window.getEnd();
        this.messages = messages;
    }

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("user_id", userId)
                .instant("window_start", windowStart)
                .instant("window_end", windowEnd)
                .field("messages", messages)
                .flag("update", update)
                .toString();
    }
}
