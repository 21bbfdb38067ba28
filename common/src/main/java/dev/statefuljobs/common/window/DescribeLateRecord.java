package dev.statefuljobs.common.window;

import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.io.DescribeLateEvents;
import dev.statefuljobs.common.io.LateRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the window operator's late side output ({@code sideOutputLateData}) into {@link LateRecord}s and counts
 * them in the {@value #METRIC} metric. The side output keeps the record's timestamp, and this operator is
 * chained to the window operator, so its watermark is the one the record was late against. For a sliding
 * window, the record names the latest of its windows (all of them were closed).
 */
final class DescribeLateRecord<E extends JsonRecord> extends ProcessFunction<E, LateRecord> {
    private static final long serialVersionUID = 1L;

    static final String METRIC = DescribeLateEvents.METRIC;

    private final String job;
    private final WindowAssigner<? super E, TimeWindow> assigner;
    private transient Counter routed;

    DescribeLateRecord(String job, WindowAssigner<? super E, TimeWindow> assigner) {
        this.job = job;
        this.assigner = assigner;
    }

    @Override
    public void open(OpenContext openContext) {
        routed = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<LateRecord> out) {
        long time = ctx.timestamp();
        TimeWindow last = null;
        for (TimeWindow w : assigner.assignWindows(event, time, new WindowAssigner.WindowAssignerContext() {
            @Override
            public long getCurrentProcessingTime() {
                return ctx.timerService().currentProcessingTime();
            }
        })) {
            if (last == null || w.getEnd() > last.getEnd()) {
                last = w;
            }
        }
        routed.inc();
        out.collect(new LateRecord(job, last.getStart(), last.getEnd(), time, ctx.timerService().currentWatermark(),
                event.toJson()));
    }
}
