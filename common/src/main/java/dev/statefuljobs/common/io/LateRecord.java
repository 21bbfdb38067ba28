package dev.statefuljobs.common.io;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A record that came too late to be processed, as written to the late output: the job, the window
 * it belonged to (for windowed jobs, whose window had closed for good: watermark past its end plus
 * the allowed lateness), its event time, the watermark it was late against, how late it was ({@code
 * late_by_ms} = watermark - event time), and the record itself, e.g. {@code
 * {"job":"user-sessions","event_time":"2023-07-30T10:00:10Z","watermark":"2023-07-30T10:00:59.999Z",
 * "late_by_ms":49999,"record":{"user_id":"user1",...}}}.
 */
public class LateRecord implements JsonRecord {
    public String job;

    /** Null for operators without windows (GroupState timeouts). */
    public Long windowStart;

    public Long windowEnd;
    public long eventTime;
    public long watermark;

    /** The event's own JSON. */
    public String record;

    public LateRecord() {}

    public LateRecord(
            String job,
            Long windowStart,
            Long windowEnd,
            long eventTime,
            long watermark,
            String record) {
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
        JsonLine json = JsonLine.object().field("job", job);
        if (windowStart != null) {
            json.instant("window_start", windowStart).instant("window_end", windowEnd);
        }
        return json.instant("event_time", eventTime)
                .instant("watermark", watermark)
                .field("late_by_ms", lateByMs())
                .json("record", record)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
