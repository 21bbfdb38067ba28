package dev.statefuljobs.common.window;

import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.Window;

/**
 * Spark's update output mode for a window: every element that changes a window's aggregate fires it
 * at once, and nothing fires again when the watermark passes the end, so an unchanged value is
 * never repeated. The window's state is still dropped by the window operator once the watermark
 * passes end + allowed lateness.
 */
public final class FireOnEveryElement<W extends Window> extends Trigger<Object, W> {
    private static final long serialVersionUID = 1L;

    @Override
    public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) {
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        // No timers or state of our own to clean up.
    }

    @Override
    public String toString() {
        return "FireOnEveryElement()";
    }
}
