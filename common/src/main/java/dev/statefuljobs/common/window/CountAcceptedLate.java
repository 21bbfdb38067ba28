package dev.statefuljobs.common.window;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * Wraps the window's trigger and counts, in the {@value #METRIC} metric of the window operator, the
 * records that arrive after the watermark passed their window's end but within the allowed
 * lateness: the window operator accepts them and fires the window again. (Records beyond the
 * allowed lateness never reach the trigger; {@link DescribeLateRecord} counts those.)
 */
final class CountAcceptedLate<W extends Window> extends Trigger<Object, W> {
    private static final long serialVersionUID = 1L;

    static final String METRIC = "lateRecordsAccepted";

    private final Trigger<Object, W> trigger;
    // One counter per operator instance; registering the name twice would only log a collision.
    private transient Counter accepted;

    CountAcceptedLate(Trigger<Object, W> trigger) {
        this.trigger = trigger;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx)
            throws Exception {
        if (accepted == null) {
            // Registered with the first record, so the web UI shows 0 rather than nothing.
            accepted = ctx.getMetricGroup().counter(METRIC);
        }
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            accepted.inc();
        }
        return trigger.onElement(element, timestamp, window, ctx);
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx)
            throws Exception {
        return trigger.onProcessingTime(time, window, ctx);
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception {
        return trigger.onEventTime(time, window, ctx);
    }

    @Override
    public boolean canMerge() {
        return trigger.canMerge();
    }

    @Override
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        trigger.onMerge(window, ctx);
    }

    @Override
    public void clear(W window, TriggerContext ctx) throws Exception {
        trigger.clear(window, ctx);
    }

    @Override
    public String toString() {
        return "CountAcceptedLate(" + trigger + ")";
    }
}
