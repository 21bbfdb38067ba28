package dev.statefuljobs.common.groupstate;

import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs a Spark-style [map|flatMap]GroupsWithState update function on Flink keyed state and timers.
 * Use it through {@link GroupStates}; it is public so it can be tested with Flink's operator harness.
 *
 * <p>Per key it keeps two {@link ValueState}s, both with Flink's own serializers (no Kryo for
 * POJO/basic types): {@value #VALUE_STATE} (the user's value) and {@value #TIMEOUT_STATE} (the
 * armed deadline in ms). A removed value without a timeout leaves neither state nor timer behind.
 *
 * <p>Invocation model, the one deliberate difference from Spark: Flink calls the function once per
 * record, with an iterator over that single record; Spark calls it once per key per micro-batch with
 * all of that batch's values. A timeout calls it once with no values and {@code hasTimedOut()}.
 *
 * <p>Timeouts: each deadline is a timer at {@code deadline + 1}, so a key times out strictly after
 * its deadline, as in Spark (event time: when the watermark is greater than the timestamp;
 * processing time: when the clock is past the deadline). A call deletes the previous timer unless it
 * sets the same deadline again, and {@link #onTimer} ignores any timer that does not match the
 * stored deadline, so only the latest deadline per key can fire. A record always wins over a
 * deadline that passed but has not fired yet: its call clears the timeout like any other call.
 *
 * <p>With {@link GroupStateTimeout#EventTimeTimeout}, a record whose timestamp is at or behind the
 * current watermark is late: it goes to the {@link GroupStates#lateRecordsTag late-records side
 * output}, never to the function. Records without a timestamp are not late. They are counted once, in
 * {@code lateRecordsRouted}, where the late output describes them ({@code Pipeline.emitLateEvents}), not here.
 * Fired timeouts are counted in {@code timeouts}.
 *
 * <p>State TTL (a Flink extension, not in Spark): {@link #withStateTtl} applies a {@link StateTtlConfig}
 * to both keyed states, so a key whose state was not written for the TTL is dropped by Flink even if
 * the function never removes it. Flink's TTL counts <em>processing</em> time; it is a safety net for
 * {@code NoTimeout} state, not a replacement for an event-time timeout. A value that expires while a
 * deadline is armed takes the deadline with it (both states are written together), so the timer finds
 * no deadline and does nothing.
 *
 * <p>Bounded state is observable through {@link GroupStateMetrics}: {@value #KEYS_CREATED}, {@value #KEYS_REMOVED}
 * and the gauge {@value #ACTIVE_KEYS}, checkpointed in operator state so it survives restores.
 *
 * @param <K> key type
 * @param <V> input record type
 * @param <S> state type
 * @param <R> output type
 */
public class GroupStateFunction<K, V, S, R> extends KeyedProcessFunction<K, V, R> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed state holding the user's value. */
    public static final String VALUE_STATE = "groupState";
    /** Name of the keyed state holding the armed deadline. */
    public static final String TIMEOUT_STATE = "groupStateTimeout";
    /** Metric: keys given a value by this subtask since it started. */
    public static final String KEYS_CREATED = "keysCreated";
    /** Metric: keys whose value this subtask removed since it started. */
    public static final String KEYS_REMOVED = "keysRemoved";
    /** Gauge: keys with a value (sum over subtasks exact across restores, see {@link GroupStateMetrics}). */
    public static final String ACTIVE_KEYS = "activeKeys";

    private final FlatMapGroupsWithStateFunction<K, V, S, R> function;
    private final TypeInformation<S> stateType;
    private final GroupStateTimeout timeoutMode;
    private final OutputTag<V> lateRecordsTag;
    private StateTtlConfig stateTtl;

    private transient ValueState<S> valueState;
    private transient ValueState<Long> timeoutState;
    private transient GroupStateMetrics metrics;

    public GroupStateFunction(
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<V> recordType,
            GroupStateTimeout timeoutMode) {
        this.function = Objects.requireNonNull(function, "function");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.timeoutMode = Objects.requireNonNull(timeoutMode, "timeoutMode");
        this.lateRecordsTag = GroupStates.lateRecordsTag(Objects.requireNonNull(recordType, "recordType"));
    }

    /** Adapts a map function: exactly one output per call (a {@code null} result is skipped). */
    public static <K, V, S, R> GroupStateFunction<K, V, S, R> forMap(
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<V> recordType,
            GroupStateTimeout timeoutMode) {
        Objects.requireNonNull(function, "function");
        return new GroupStateFunction<>(
                (key, values, state) -> Collections.singletonList(function.call(key, values, state)).iterator(),
                stateType,
                recordType,
                timeoutMode);
    }

    /**
     * Applies Flink state TTL (processing time) to this operator's keyed state; null for none (the
     * default). Call before the job is built.
     */
    public GroupStateFunction<K, V, S, R> withStateTtl(StateTtlConfig ttl) {
        this.stateTtl = ttl;
        return this;
    }

    /** The state TTL, or null. */
    public StateTtlConfig getStateTtl() {
        return stateTtl;
    }

    /** The side output that receives late records (EventTimeTimeout only). */
    public OutputTag<V> getLateRecordsTag() {
        return lateRecordsTag;
    }

    public GroupStateTimeout getTimeoutMode() {
        return timeoutMode;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        ValueStateDescriptor<S> value = new ValueStateDescriptor<>(VALUE_STATE, stateType);
        ValueStateDescriptor<Long> timeout = new ValueStateDescriptor<>(TIMEOUT_STATE, Types.LONG);
        if (stateTtl != null) {
            value.enableTimeToLive(stateTtl);
            timeout.enableTimeToLive(stateTtl);
        }
        valueState = getRuntimeContext().getState(value);
        timeoutState = getRuntimeContext().getState(timeout);
        metrics.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        metrics = new GroupStateMetrics(context.getOperatorStateStore());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        metrics.snapshot();
    }

    /** Keys with a value on this subtask, 0 before its state is restored (see {@link GroupStateMetrics}). */
    public long activeKeys() {
        return metrics == null ? 0 : metrics.activeKeys();
    }

    @Override
    public void processElement(V value, Context ctx, Collector<R> out) throws Exception {
        TimerService timers = ctx.timerService();
        if (timeoutMode == GroupStateTimeout.EventTimeTimeout) {
            Long timestamp = ctx.timestamp();
            if (timestamp != null && timestamp <= timers.currentWatermark()) {
                ctx.output(lateRecordsTag, value);
                return;
            }
        }
        invoke(ctx.getCurrentKey(), Collections.singletonList(value).iterator(), false, timers, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
        Long deadline = timeoutState.value();
        TimeDomain expected = timeoutMode == GroupStateTimeout.EventTimeTimeout
                ? TimeDomain.EVENT_TIME
                : TimeDomain.PROCESSING_TIME;
        if (deadline == null || timerFor(deadline) != timestamp || ctx.timeDomain() != expected) {
            return; // a stale timer that could not be deleted: only the latest deadline may fire
        }
        metrics.timedOut();
        invoke(ctx.getCurrentKey(), Collections.emptyIterator(), true, ctx.timerService(), out);
    }

    private void invoke(K key, Iterator<V> values, boolean timedOut, TimerService timers, Collector<R> out)
            throws Exception {
        // NoTimeout never arms a deadline: skip the per-record read of the timeout state (a second state access
        // per record, a RocksDB get on that backend).
        Long stored = timeoutMode == GroupStateTimeout.NoTimeout ? null : timeoutState.value();
        long pending = stored == null ? GroupStateImpl.NO_TIMESTAMP : stored;
        GroupStateImpl<S> state = new GroupStateImpl<>(
                valueState,
                timeoutMode,
                timedOut,
                pending,
                timers.currentWatermark(),
                timers);

        Iterator<R> results = function.call(key, values, state);
        if (results != null) {
            while (results.hasNext()) {
                R result = results.next();
                if (result != null) {
                    out.collect(result);
                }
            }
        }

        metrics.keyChanged(state.keyDelta());
        state.writeBack();
        long next = state.timeoutMs();
        if (next == pending && !timedOut) {
            return; // same deadline re-armed: keep the timer
        }
        if (pending != GroupStateImpl.NO_TIMESTAMP && !timedOut) {
            deleteTimer(timers, timerFor(pending));
        }
        if (next == GroupStateImpl.NO_TIMESTAMP) {
            timeoutState.clear();
        } else {
            registerTimer(timers, timerFor(next));
            timeoutState.update(next);
        }
    }

    private static long timerFor(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline + 1;
    }

    private void registerTimer(TimerService timers, long time) {
        if (timeoutMode == GroupStateTimeout.EventTimeTimeout) {
            timers.registerEventTimeTimer(time);
        } else {
            timers.registerProcessingTimeTimer(time);
        }
    }

    private void deleteTimer(TimerService timers, long time) {
        if (timeoutMode == GroupStateTimeout.EventTimeTimeout) {
            timers.deleteEventTimeTimer(time);
        } else {
            timers.deleteProcessingTimeTimer(time);
        }
    }

    /** Timeouts fired so far (for tests). */
    long timeoutCount() {
        return metrics.timeouts();
    }
}
