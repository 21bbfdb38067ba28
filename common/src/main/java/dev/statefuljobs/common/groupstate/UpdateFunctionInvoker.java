package dev.statefuljobs.common.groupstate;

import java.util.Iterator;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Calls the user's update function once per invocation: gives it a fresh {@link GroupStateImpl}
 * over the keyed state {@value GroupStateFunction#VALUE_STATE}, and emits its results. The state's
 * changes stay buffered in the returned {@link GroupStateImpl} until the caller writes them back,
 * so a function that throws leaves the state as it was.
 */
final class UpdateFunctionInvoker<K, V, S, R> {

    private final FlatMapGroupsWithStateFunction<K, V, S, R> function;
    private final GroupStateTimeout timeoutMode;
    private final ValueState<S> valueState;

    UpdateFunctionInvoker(
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            GroupStateTimeout timeoutMode,
            ValueState<S> valueState) {
        this.function = function;
        this.timeoutMode = timeoutMode;
        this.valueState = valueState;
    }

    /**
     * Calls the function with the key's deadline armed before this call ({@code pendingTimeoutMs},
     * or {@link GroupStateImpl#NO_TIMESTAMP}) and returns the state it changed, not yet written
     * back.
     */
    GroupStateImpl<S> invoke(
            K key,
            Iterator<V> values,
            boolean timedOut,
            long pendingTimeoutMs,
            TimerService timers,
            Collector<R> out)
            throws Exception {
        GroupStateImpl<S> state =
                new GroupStateImpl<>(
                        valueState,
                        timeoutMode,
                        timedOut,
                        pendingTimeoutMs,
                        timers.currentWatermark(),
                        timers);
        Iterator<R> results = function.call(key, values, state);
        if (results != null) { // Spark's "no results"
            while (results.hasNext()) {
                R result = results.next();
                if (result != null) { // Flink records cannot be null: a map function's null is no
                    // output
                    out.collect(result);
                }
            }
        }
        return state;
    }
}
