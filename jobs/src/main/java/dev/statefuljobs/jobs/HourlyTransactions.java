package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.window.WindowedResult;
import java.time.Instant;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** All transactions of one hour: {@code {"window_start","window_end","count","total_amount"}}. */
public class HourlyTransactions extends WindowedResult {
    public long windowStart;
    public long windowEnd;
    public long count;
    public double totalAmount;

    public HourlyTransactions() {}

    public HourlyTransactions(
            String allTransactions, TimeWindow window, Tuple2<Long, Double> countAndSum) {
        this.windowStart = window.getStart();
        this.windowEnd = window.getEnd();
        this.count = countAndSum.f0;
        this.totalAmount = countAndSum.f1;
    }

    /** A row of the SQL twin: its window's bounds, count and sum. */
    public HourlyTransactions(
            Instant windowStart, Instant windowEnd, long count, double totalAmount) {
        this.windowStart = windowStart.toEpochMilli();
        this.windowEnd = windowEnd.toEpochMilli();
        this.count = count;
        this.totalAmount = totalAmount;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .instant("window_start", windowStart)
                .instant("window_end", windowEnd)
                .field("count", count)
                .field("total_amount", totalAmount)
                .flag("update", update)
                .toString();
    }
}
