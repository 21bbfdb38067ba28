package dev.statefuljobs.common.io;

import dev.statefuljobs.common.format.JsonRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns late events from an operator's side output into {@link LateRecord}s and counts them, once,
 * in the {@value #METRIC} metric. It is chained to the operator that found them late (a side output
 * keeps each event's timestamp), so its watermark is the one the event was late against. For a
 * window operator the record names the window the event missed; for a sliding window, the latest of
 * its windows (all of them had closed).
 */
public final class DescribeLateRecords<E extends JsonRecord>
        extends ProcessFunction<E, LateRecord> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC = "lateRecordsRouted";

    private final String job;
    private final WindowAssigner<? super E, TimeWindow> windows;
    private transient Counter routed;

    /**
     * @param windows the window assigner the events were late for, or null for an operator without
     *     windows
     */
    public DescribeLateRecords(String job, WindowAssigner<? super E, TimeWindow> windows) {
        this.job = job;
        this.windows = windows;
    }

    @Override
    public void open(OpenContext openContext) {
        routed = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<LateRecord> out) {
        long time = ctx.timestamp();
        TimeWindow missed = windows == null ? null : latestWindow(event, time, ctx);
        routed.inc();
        out.collect(
                new LateRecord(
                        job,
                        missed == null ? null : missed.getStart(),
                        missed == null ? null : missed.getEnd(),
                        time,
                        ctx.timerService().currentWatermark(),
                        event.toJson()));
    }

    private TimeWindow latestWindow(E event, long time, Context ctx) {
        TimeWindow latest = null;
        for (TimeWindow w :
                windows.assignWindows(
                        event,
                        time,
                        new WindowAssigner.WindowAssignerContext() {
                            @Override
                            public long getCurrentProcessingTime() {
                                return ctx.timerService().currentProcessingTime();
                            }
                        })) {
            if (latest == null || w.getEnd() > latest.getEnd()) {
                latest = w;
            }
        }
        return latest;
    }
}
