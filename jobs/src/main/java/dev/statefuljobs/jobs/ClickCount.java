package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/** Clicks of one user in one window: {@code {"window_start","window_end","user_id","count"}}. */
public class ClickCount implements JsonRecord {
    public long windowStart;
    public long windowEnd;
    public String userId;
    public long count;

    public ClickCount() {}

    public ClickCount(long windowStart, long windowEnd, String userId, long count) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.userId = userId;
        this.count = count;
    }

    @Override
    public String toJson() {
        return JsonLine.object().instant("window_start", windowStart).instant("window_end", windowEnd)
                .field("user_id", userId).field("count", count).toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
