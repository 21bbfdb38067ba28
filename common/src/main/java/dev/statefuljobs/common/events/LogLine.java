package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;
import java.util.Locale;

/**
 * A log line: {@code
 * {"service":"checkout","level":"ERROR","message":"...","timestamp":"2025-03-29T10:00:00Z"}}.
 */
public class LogLine implements JsonRecord {
    public String service;
    public String level;
    public String message;

    /** Event time, milliseconds since the epoch. */
    public long timestamp;

    public LogLine() {}

    public LogLine(String service, String level, String message, long timestamp) {
        this.service = service;
        this.level = level;
        this.message = message;
        this.timestamp = timestamp;
    }

    /** True for level ERROR, in any letter case. */
    public boolean isError() {
        return "ERROR".equals(level.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("service", service)
                .field("level", level)
                .field("message", message)
                .instant("timestamp", timestamp)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
