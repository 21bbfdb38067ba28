package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import java.time.Instant;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** Clicks of one user in one window: {@code {"window_start","window_end","user_id","count"}}. */
public class ClickCount extends WindowedResult {
    public long windowStart;
    public long windowEnd;
    public String userId;
    public long count;

    public ClickCount() {}

    public ClickCount(String userId, TimeWindow window, Long count) {
        this.windowStart = window.getStart();
        this.windowEnd = window.getEnd();
        this.userId = userId;
        this.count = count;
    }

    /** A row of the SQL twin's query: {@code window_start, window_end, user_id, clicks}. */
    public ClickCount(String userId, Instant windowStart, Instant windowEnd, long count) {
        this.windowStart = windowStart.toEpochMilli();
        this.windowEnd = windowEnd.toEpochMilli();
        this.userId = userId;
        this.count = count;
    }

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .instant("window_start", windowStart)
                .instant("window_end", windowEnd)
                .field("user_id", userId)
                .field("count", count)
                .flag("update", update)
                .toString();
    }
}
