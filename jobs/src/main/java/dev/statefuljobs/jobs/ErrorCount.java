package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import java.time.Instant;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * ERROR lines of one service in one window: {@code
 * {"window_start","window_end","service","errors"}}.
 */
public class ErrorCount extends WindowedResult {
    public long windowStart;
    public long windowEnd;
    public String service;
    public long errors;

    public ErrorCount() {}

    public ErrorCount(String service, TimeWindow window, Long errors) {
        this.windowStart = window.getStart();
        this.windowEnd = window.getEnd();
        this.service = service;
        this.errors = errors;
    }

    /** A row of the SQL twin: its window's bounds, service and count. */
    public ErrorCount(String service, Instant windowStart, Instant windowEnd, long errors) {
        this.windowStart = windowStart.toEpochMilli();
        this.windowEnd = windowEnd.toEpochMilli();
        this.service = service;
        this.errors = errors;
    }

    @Override
    public String key() {
        return service;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .instant("window_start", windowStart)
                .instant("window_end", windowEnd)
                .field("service", service)
                .field("errors", errors)
                .flag("update", update)
                .toString();
    }
}
