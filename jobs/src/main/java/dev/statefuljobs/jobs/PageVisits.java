package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import java.time.Instant;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Visits of one page in one hour: {@code
 * {"window_start","window_end","page","visits","unique_visitors"}}.
 */
public class PageVisits extends WindowedResult {
    public long windowStart;
    public long windowEnd;
    public String page;
    public long visits;
    public long uniqueVisitors;

    public PageVisits() {}

    public PageVisits(String page, TimeWindow window, Tuple2<Long, Long> visitsAndVisitors) {
        this.windowStart = window.getStart();
        this.windowEnd = window.getEnd();
        this.page = page;
        this.visits = visitsAndVisitors.f0;
        this.uniqueVisitors = visitsAndVisitors.f1;
    }

    /** A row of the SQL twin's query. */
    public PageVisits(
            String page, Instant windowStart, Instant windowEnd, long visits, long uniqueVisitors) {
        this.windowStart = windowStart.toEpochMilli();
        this.windowEnd = windowEnd.toEpochMilli();
        this.page = page;
        this.visits = visits;
        this.uniqueVisitors = uniqueVisitors;
    }

    @Override
    public String key() {
        return page;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .instant("window_start", windowStart)
                .instant("window_end", windowEnd)
                .field("page", page)
                .field("visits", visits)
                .field("unique_visitors", uniqueVisitors)
                .flag("update", update)
                .toString();
    }
}
