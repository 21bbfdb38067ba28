package dev.statefuljobs.common.window;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Builds the job's result for a firing and marks late re-firings: a firing is an update when the
 * watermark has passed the window's end and the window has emitted before. A per-window flag in
 * state remembers that; the window operator clears it with the window, at end + allowed lateness.
 *
 * <p>Without allowed lateness no firing can be an update: the window operator drops the window when
 * the watermark passes its end, and every record that arrives after that goes to the late output.
 * The flag is then neither read nor written, which saves a state read, a write and a delete per
 * window (on RocksDB, a {@code get} of a key that is almost never there).
 */
final class EmitWindowResult<K, V, R extends WindowedResult>
        extends ProcessWindowFunction<V, R, K, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<Boolean> EMITTED =
            new ValueStateDescriptor<>("emitted", Types.BOOLEAN);

    private final WindowResultFunction<K, V, R> result;
    private final boolean lateFirings;

    /**
     * @param lateFirings whether a window can fire again after the watermark passed its end
     *     (allowed lateness).
     */
    EmitWindowResult(WindowResultFunction<K, V, R> result, boolean lateFirings) {
        this.result = result;
        this.lateFirings = lateFirings;
    }

    @Override
    public void process(K key, Context ctx, Iterable<V> values, Collector<R> out) throws Exception {
        TimeWindow window = ctx.window();
        R record = result.apply(key, window, values.iterator().next());
        if (lateFirings) {
            ValueState<Boolean> emitted = ctx.windowState().getState(EMITTED);
            record.update =
                    emitted.value() != null && ctx.currentWatermark() >= window.maxTimestamp();
            emitted.update(true);
        }
        out.collect(record);
    }

    @Override
    public void clear(Context ctx) {
        if (lateFirings) {
            ctx.windowState().getState(EMITTED).clear();
        }
    }
}
