package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.GroupStateImpl.NO_TIMESTAMP;

import dev.statefuljobs.common.state.AppliesInitialState;
import dev.statefuljobs.common.tws.TTLConfig;
import dev.statefuljobs.common.tws.TimeMode;
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
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs a Spark-style [map|flatMap]GroupsWithState update function on Flink keyed state and timers.
 * Use it through {@link GroupStates}; it is public so it can be tested with Flink's operator
 * harness. It wires three parts: {@link UpdateFunctionInvoker} calls the function, {@link
 * TimeoutTimers} keeps the deadlines and their timers, {@link GroupStateMetrics} counts keys and
 * timeouts.
 *
 * <p>Its state is part of the savepoint format: per key two {@link ValueState}s, both with Flink's
 * own serializers (no Kryo for POJO/basic types), {@value #VALUE_STATE} (the user's value) and
 * {@value #TIMEOUT_STATE} (the armed deadline in ms), and the operator list state {@value
 * #ACTIVE_KEYS}. A removed value without a timeout leaves neither state nor timer behind.
 *
 * <p>Invocation model, the one deliberate difference from Spark: Flink calls the function once per
 * record, with an iterator over that single record; Spark calls it once per key per micro-batch
 * with all of that batch's values. A timeout calls it once with no values and {@code
 * hasTimedOut()}.
 *
 * <p>With {@link GroupStateTimeout#EventTimeTimeout}, a record whose timestamp is at or behind the
 * current watermark is late: it goes to the {@link GroupStates#lateRecordsTag late-records side
 * output}, never to the function. Records without a timestamp are not late. They are counted once,
 * in {@code lateRecordsRouted}, where the late output describes them ({@code
 * Pipeline.emitLateEvents}), not here.
 *
 * <p>State TTL (a Flink extension, not in Spark): {@link #withStateTtl} applies a {@link
 * StateTtlConfig} to both keyed states, so a key whose state was not written for the TTL is dropped
 * by Flink even if the function never removes it. Flink's TTL counts <em>processing</em> time; it
 * is a safety net for {@code NoTimeout} state, not a replacement for an event-time timeout. A value
 * that expires while a deadline is armed takes the deadline with it (both states are written
 * together), so the timer finds no deadline and does nothing.
 *
 * <p>Event-time TTL (beyond Spark and Flink): {@link #withTtl} with {@link TTLConfig#eventTime}
 * expires the value once the watermark reaches the event time of the call that last wrote it (the
 * record's timestamp; a timeout's timer time) plus the TTL. It is never returned after that, nor to
 * a record whose own timestamp has reached it, so which records see it does not depend on when
 * watermarks arrive: a replay of a day in a minute expires what the day did. The value, its
 * deadline and its expiry ({@value #EXPIRES_AT_STATE}) are removed by an event-time timer of the
 * TTL's own, which the function never sees (no {@code hasTimedOut} call); an expiry due no later
 * than a timeout wins, as with Flink's TTL above. A value from initial state has no expiry until a
 * call writes it. Records must carry timestamps.
 *
 * <p>Initial state (Spark 3.2's {@code initialState}, through {@link GroupStates} or {@link
 * dev.statefuljobs.common.state.InitialStateOperator}): each row's value is written as its key's
 * state before the first record, without calling the function and without a timeout; the key's
 * first call sees it. A key with only initial state is never called (Spark calls it once in the
 * first micro-batch; a per-record engine has no such moment).
 *
 * @param <K> key type
 * @param <V> input record type
 * @param <S> state type
 * @param <R> output type
 */
public class GroupStateFunction<K, V, S, R> extends KeyedProcessFunction<K, V, R>
        implements CheckpointedFunction, AppliesInitialState<K, S> {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed state holding the user's value. */
    public static final String VALUE_STATE = "groupState";

    /** Name of the keyed state holding the armed deadline. */
    public static final String TIMEOUT_STATE = "groupStateTimeout";

    /** Metric: keys given a value by this subtask since it started. */
    public static final String KEYS_CREATED = "keysCreated";

    /** Metric: keys whose value this subtask removed since it started. */
    public static final String KEYS_REMOVED = "keysRemoved";

    /** Metric: keys whose value the event-time TTL expired on this subtask since it started. */
    public static final String KEYS_EXPIRED = "keysExpired";

    /** Name of the keyed state holding the value's expiry (event-time TTL only). */
    public static final String EXPIRES_AT_STATE = "groupStateExpiresAt";

    /**
     * Gauge: keys with a value (sum over subtasks exact across restores, see {@link
     * GroupStateMetrics}).
     */
    public static final String ACTIVE_KEYS = "activeKeys";

    private final FlatMapGroupsWithStateFunction<K, V, S, R> function;
    private final TypeInformation<S> stateType;
    private final GroupStateTimeout timeoutMode;
    private final OutputTag<V> lateRecordsTag;
    private StateTtlConfig stateTtl;
    private TTLConfig ttl;

    private transient ValueState<S> valueState;
    private transient UpdateFunctionInvoker<K, V, S, R> invoker;
    private transient TimeoutTimers timeouts;
    private transient GroupStateMetrics metrics;
    private transient EventTimeTtl expiry;

    public GroupStateFunction(
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<V> recordType,
            GroupStateTimeout timeoutMode) {
        this.function = Objects.requireNonNull(function, "function");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.timeoutMode = Objects.requireNonNull(timeoutMode, "timeoutMode");
        this.lateRecordsTag =
                GroupStates.lateRecordsTag(Objects.requireNonNull(recordType, "recordType"));
    }

    /** Adapts a map function: exactly one output per call (a {@code null} result is skipped). */
    public static <K, V, S, R> GroupStateFunction<K, V, S, R> forMap(
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<V> recordType,
            GroupStateTimeout timeoutMode) {
        Objects.requireNonNull(function, "function");
        return new GroupStateFunction<>(
                (key, values, state) ->
                        Collections.singletonList(function.call(key, values, state)).iterator(),
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

    /**
     * Applies an event-time TTL ({@link TTLConfig#eventTime}) to the value; null for none (the
     * default). Not with ProcessingTimeTimeout: the TTL needs event time. Call before the job is
     * built.
     *
     * @throws IllegalArgumentException with ProcessingTimeTimeout
     */
    public GroupStateFunction<K, V, S, R> withTtl(TTLConfig eventTimeTtl) {
        if (eventTimeTtl != null && eventTimeTtl.clock() != TimeMode.EventTime) {
            throw new IllegalArgumentException(
                    "GroupState takes an event-time TTL (TTLConfig.eventTime); for processing time,"
                            + " use withStateTtl(StateTtlConfig), Flink's own TTL");
        }
        if (eventTimeTtl != null && timeoutMode == GroupStateTimeout.ProcessingTimeTimeout) {
            throw new IllegalArgumentException(
                    "An event-time TTL needs event time: use NoTimeout or EventTimeTimeout, not "
                            + timeoutMode);
        }
        this.ttl = eventTimeTtl;
        return this;
    }

    /** The event-time TTL, or null. */
    public TTLConfig getTtl() {
        return ttl;
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
        valueState = keyedState(new ValueStateDescriptor<>(VALUE_STATE, stateType));
        invoker = new UpdateFunctionInvoker<>(function, timeoutMode, valueState);
        timeouts =
                new TimeoutTimers(
                        timeoutMode,
                        keyedState(new ValueStateDescriptor<>(TIMEOUT_STATE, Types.LONG)));
        if (ttl != null) {
            expiry =
                    new EventTimeTtl(
                            ttl.ttlDuration().toMillis(),
                            keyedState(new ValueStateDescriptor<>(EXPIRES_AT_STATE, Types.LONG)));
        }
        metrics.register(getRuntimeContext().getMetricGroup());
    }

    /** A keyed state with the operator's state TTL, if any (see {@link #withStateTtl}). */
    private <T> ValueState<T> keyedState(ValueStateDescriptor<T> descriptor) {
        if (stateTtl != null) {
            descriptor.enableTimeToLive(stateTtl);
        }
        return getRuntimeContext().getState(descriptor);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        metrics = new GroupStateMetrics(context.getOperatorStateStore());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        metrics.snapshot();
    }

    /**
     * Keys with a value on this subtask, 0 before its state is restored (see {@link
     * GroupStateMetrics}).
     */
    public long activeKeys() {
        return metrics == null ? 0 : metrics.activeKeys();
    }

    /**
     * Writes an initial row's value as the key's state (the function is not called, no timeout is
     * armed); see {@link AppliesInitialState}.
     */
    @Override
    public void applyInitialState(K key, S initialValue, TimerService timers) throws Exception {
        valueState.update(initialValue);
        metrics.keyChanged(1);
    }

    @Override
    public void processElement(V value, Context ctx, Collector<R> out) throws Exception {
        TimerService timers = ctx.timerService();
        Long timestamp = ctx.timestamp();
        if (timeoutMode == GroupStateTimeout.EventTimeTimeout
                && timestamp != null
                && timestamp <= timers.currentWatermark()) {
            ctx.output(lateRecordsTag, value);
            return;
        }
        long pending = timeouts.pending();
        Expiry before = NO_EXPIRY;
        if (expiry != null) {
            long eventTime = eventTimeOf(timestamp);
            long expiresAt = expiry.expiresAt();
            // A record at or after the expiry sees none, even before the watermark gets there:
            // which records see a value does not depend on when watermarks come.
            if (EventTimeTtl.expired(expiresAt, Math.max(eventTime, timers.currentWatermark()))) {
                expire(pending, expiresAt, timers);
                pending = NO_TIMESTAMP;
                expiresAt = NO_TIMESTAMP;
            }
            before = new Expiry(expiresAt, eventTime);
        }
        call(
                ctx.getCurrentKey(),
                Collections.singletonList(value).iterator(),
                false,
                pending,
                before,
                timers,
                out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
        TimerService timers = ctx.timerService();
        Expiry before = NO_EXPIRY;
        if (expiry != null) {
            // Only event-time timers with the TTL (see withTtl). An expiry due no later than a
            // timeout wins: the value is gone before the timeout, which then does not fire.
            long expiresAt = expiry.expiresAt();
            if (EventTimeTtl.expired(expiresAt, timestamp)) {
                expire(timeouts.pending(), expiresAt, timers);
                return;
            }
            before = new Expiry(expiresAt, timestamp);
        }
        long deadline = timeouts.firing(timestamp, ctx.timeDomain());
        if (deadline == NO_TIMESTAMP) {
            return; // stale, or the TTL's cleanup timer of a value written since: see firing
        }
        metrics.timedOut();
        call(ctx.getCurrentKey(), Collections.emptyIterator(), true, deadline, before, timers, out);
    }

    /**
     * The event-time TTL's view of a call: the value's expiry before it, and the event time its
     * writes count at (the record's timestamp, or the timeout timer's time).
     */
    private record Expiry(long expiresAt, long eventTime) {}

    /** Without a TTL: nothing to track, and no allocation per record. */
    private static final Expiry NO_EXPIRY = new Expiry(NO_TIMESTAMP, NO_TIMESTAMP);

    private void call(
            K key,
            Iterator<V> values,
            boolean timedOut,
            long pending,
            Expiry before,
            TimerService timers,
            Collector<R> out)
            throws Exception {
        GroupStateImpl<S> state = invoker.invoke(key, values, timedOut, pending, timers, out);
        metrics.keyChanged(
                state.keyDelta()); // before writeBack: it compares with the value still stored
        state.writeBack();
        long deleted = timeouts.rearm(pending, state.timeoutMs(), timedOut, timers);
        if (expiry != null) {
            expiry.afterCall(
                    before.expiresAt(),
                    state,
                    before.eventTime(),
                    deleted,
                    timeouts.eventTimer(state.timeoutMs()),
                    timers);
        }
    }

    /** The TTL expired the key's value: it goes with its deadline, and nothing is called. */
    private void expire(long pending, long expiresAt, TimerService timers) throws Exception {
        valueState.clear();
        timeouts.rearm(pending, NO_TIMESTAMP, false, timers);
        expiry.clear(expiresAt, timers);
        metrics.expired();
    }

    private static long eventTimeOf(Long timestamp) {
        if (timestamp == null) {
            throw new IllegalStateException(
                    "The event-time TTL counts from each record's event time, and this record has"
                            + " none: assign timestamps with a WatermarkStrategy");
        }
        return timestamp;
    }

    /** Timeouts fired so far (for tests). */
    long timeoutCount() {
        return metrics.timeouts();
    }
}
