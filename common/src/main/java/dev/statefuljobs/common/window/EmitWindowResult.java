package dev.statefuljobs.common.window;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Builds the job's result for a firing and marks late re-firings: a firing is an update when the watermark
 * has passed the window's end and the window has emitted before. A per-window flag in state remembers that;
 * the window operator clears it with the window, at end + allowed lateness.
 */
final class EmitWindowResult<K, V, R extends WindowedResult> extends ProcessWindowFunction<V, R, K, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<Boolean> EMITTED = new ValueStateDescriptor<>("emitted", Types.BOOLEAN);

    private final WindowResultFunction<K, V, R> result;

    EmitWindowResult(WindowResultFunction<K, V, R> result) {
        this.result = result;
    }

    @Override
    public void process(K key, Context ctx, Iterable<V> values, Collector<R> out) throws Exception {
        TimeWindow window = ctx.window();
        ValueState<Boolean> emitted = ctx.windowState().getState(EMITTED);
        R record = result.apply(key, window, values.iterator().next());
        record.update = emitted.value() != null && ctx.currentWatermark() >= window.maxTimestamp();
        emitted.update(true);
        out.collect(record);
    }

    @Override
    public void clear(Context ctx) {
        ctx.windowState().getState(EMITTED).clear();
    }
}
