package dev.statefuljobs.common.window;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A record that arrived after its window had closed for good (watermark past the window's end plus the
 * allowed lateness): the record, its window, and how late it was.
 * {@code late_by_ms} = watermark - event time, the distance by which the record was behind the watermark.
 */
public class LateRecord implements JsonRecord {
    public String job;
    public long windowStart;
    public long windowEnd;
    public long eventTime;
    public long watermark;
    /** The event's own JSON. */
    public String record;

    public LateRecord() {}

    public LateRecord(String job, long windowStart, long windowEnd, long eventTime, long watermark, String record) {
        this.job = job;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.eventTime = eventTime;
        this.watermark = watermark;
        this.record = record;
    }

    public long lateByMs() {
        return watermark - eventTime;
    }

    @Override
    public String toJson() {
        return JsonLine.object().field("job", job).instant("window_start", windowStart).instant("window_end", windowEnd)
                .instant("event_time", eventTime).instant("watermark", watermark).field("late_by_ms", lateByMs())
                .json("record", record).toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
