package dev.statefuljobs.jobs;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a user's over-threshold sliding windows into one alert per burst. A burst is a run of
 * consecutive sliding windows (each ending one slide after the previous) that are over the
 * threshold; its alert is its first window, with that window's count.
 *
 * <p>A user's windows fire in order of their end, so one {@code ValueState<Long>} (the end of the
 * last over-threshold window) is enough. A window ending one slide after it continues the burst; a
 * later one starts a new burst; an earlier or equal one is a late re-firing of a window already
 * seen. The state is cleared by an event-time timer once no window of the burst can fire again
 * (last end + slide + allowed lateness), so an idle user costs nothing.
 */
final class OneAlertPerBurst extends KeyedProcessFunction<String, MessageCount, MessageCount> {
    private static final long serialVersionUID = 1L;

    private final long slide;
    private final long allowedLateness;
    private transient ValueState<Long> lastOverEnd;

    OneAlertPerBurst(Duration slide, Duration allowedLateness) {
        this.slide = slide.toMillis();
        this.allowedLateness = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        lastOverEnd =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-over-threshold-window-end", Types.LONG));
    }

    @Override
    public void processElement(MessageCount window, Context ctx, Collector<MessageCount> out)
            throws Exception {
        Long last = lastOverEnd.value();
        if (last != null && window.windowEnd <= last) {
            return; // a late re-firing of a window that is already part of a burst
        }
        boolean continuesBurst = last != null && window.windowEnd - slide <= last;
        lastOverEnd.update(window.windowEnd);
        ctx.timerService().registerEventTimeTimer(window.windowEnd + slide + allowedLateness);
        if (!continuesBurst) {
            window.update = false; // the burst's one alert, even if it came from a late re-firing
            out.collect(window);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MessageCount> out)
            throws Exception {
        Long last = lastOverEnd.value();
        if (last != null && last + slide + allowedLateness <= timestamp) {
            lastOverEnd.clear();
        }
    }
}
