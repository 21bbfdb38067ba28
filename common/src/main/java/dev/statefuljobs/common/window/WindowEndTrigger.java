package dev.statefuljobs.common.window;

import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window when the watermark passes its end, as {@link EventTimeTrigger} does, with two
 * timer operations per window fewer, for windows that do not merge (tumbling, sliding):
 *
 * <ul>
 *   <li>Without allowed lateness, the window operator's cleanup timer is at the window's end too,
 *       and the operator registers it after every element: the same timer (key, window, time), so
 *       this trigger does not register it first.
 *   <li>The window operator clears a non-merging event-time window only when its cleanup timer
 *       fires, at or after the window's end, and timers fire in time order: the timer at the end
 *       has then already fired and is gone. {@code EventTimeTrigger.clear} still deletes it, a
 *       lookup on the heap and a write on RocksDB; this trigger deletes it only while the watermark
 *       is before the end.
 * </ul>
 *
 * The set of timers, and so every firing and every result, is the same as with {@code
 * EventTimeTrigger} ({@code LateDataTest}, {@code WindowEndTriggerTest}).
 */
final class WindowEndTrigger extends Trigger<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final boolean endIsCleanup;

    /**
     * @param endIsCleanup the window operator's cleanup timer is at the window's end (no allowed
     *     lateness)
     */
    WindowEndTrigger(boolean endIsCleanup) {
        this.endIsCleanup = endIsCleanup;
    }

    @Override
    public TriggerResult onElement(
            Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE;
        }
        if (!endIsCleanup) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
        if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
            ctx.deleteEventTimeTimer(window.maxTimestamp());
        }
    }

    @Override
    public String toString() {
        return "WindowEndTrigger()";
    }
}
