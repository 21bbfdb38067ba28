package dev.statefuljobs.common.io;

import dev.statefuljobs.common.format.JsonRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns late events from an operator's side output into {@link LateRecord}s and counts them in the
 * {@value #METRIC} metric. Chained to the operator that routed them, so its watermark is the one the event
 * was late against. Windowed jobs use {@code window.DescribeLateRecord}, which also names the window.
 */
public final class DescribeLateEvents<E extends JsonRecord> extends ProcessFunction<E, LateRecord> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC = "lateRecordsRouted";

    private final String job;
    private transient Counter routed;

    public DescribeLateEvents(String job) {
        this.job = job;
    }

    @Override
    public void open(OpenContext openContext) {
        routed = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<LateRecord> out) {
        routed.inc();
        out.collect(new LateRecord(job, null, null, ctx.timestamp(), ctx.timerService().currentWatermark(),
                event.toJson()));
    }
}
