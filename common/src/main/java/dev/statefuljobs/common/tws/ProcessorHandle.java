package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimeDomain;

/**
 * The {@link StatefulProcessorHandle} of one operator subtask: creates state variables as Flink
 * keyed state (in {@code init()} only), keeps the key's timers in {@link KeyTimers}, and runs the
 * TTL cleanup of the current key.
 */
final class ProcessorHandle implements StatefulProcessorHandle {

    private final RuntimeContext context;
    private final TimeMode timeMode;
    private final CallScope scope;
    private final StateVariables variables = new StateVariables();

    /** Null in {@link TimeMode#None}: no timers, no TTL. */
    private final KeyTimers timers;

    ProcessorHandle(RuntimeContext context, TimeMode timeMode, CallScope scope) {
        this.context = context;
        this.timeMode = timeMode;
        this.scope = scope;
        this.timers =
                timeMode == TimeMode.None
                        ? null
                        : new KeyTimers(
                                timeMode == TimeMode.EventTime
                                        ? TimeDomain.EVENT_TIME
                                        : TimeDomain.PROCESSING_TIME,
                                context.getMapState(
                                        new MapStateDescriptor<>(
                                                KeyTimers.USER_TIMERS, Types.LONG, Types.BOOLEAN)),
                                context.getState(
                                        new ValueStateDescriptor<>(
                                                KeyTimers.TTL_CLEANUP, Types.LONG)));
    }

    @Override
    public <T> ValueState<T> getValueState(
            String stateName, TypeInformation<T> valueType, TTLConfig ttl) {
        checkNew("getValueState", stateName, valueType, ttl);
        if (!ttl.isEnabled()) {
            return variables.add(
                    stateName,
                    new ValueStateImpl<>(
                            stateName,
                            scope,
                            context.getState(new ValueStateDescriptor<>(stateName, valueType))));
        }
        return variables.add(
                stateName,
                new TtlValueState<>(
                        stateName,
                        scope,
                        context.getState(
                                new ValueStateDescriptor<>(stateName, withDeadline(valueType))),
                        new Ttl(stateName, ttl, timers)));
    }

    @Override
    public <T> ListState<T> getListState(
            String stateName, TypeInformation<T> elementType, TTLConfig ttl) {
        checkNew("getListState", stateName, elementType, ttl);
        if (!ttl.isEnabled()) {
            return variables.add(
                    stateName,
                    new ListStateImpl<>(
                            stateName,
                            scope,
                            context.getListState(
                                    new ListStateDescriptor<>(stateName, elementType))));
        }
        return variables.add(
                stateName,
                new TtlListState<>(
                        stateName,
                        scope,
                        context.getListState(
                                new ListStateDescriptor<>(stateName, withDeadline(elementType))),
                        new Ttl(stateName, ttl, timers)));
    }

    @Override
    public <K, V> MapState<K, V> getMapState(
            String stateName,
            TypeInformation<K> userKeyType,
            TypeInformation<V> valueType,
            TTLConfig ttl) {
        checkNew("getMapState", stateName, valueType, ttl);
        Objects.requireNonNull(userKeyType, "userKeyType");
        if (!ttl.isEnabled()) {
            return variables.add(
                    stateName,
                    new MapStateImpl<>(
                            stateName,
                            scope,
                            context.getMapState(
                                    new MapStateDescriptor<>(stateName, userKeyType, valueType))));
        }
        return variables.add(
                stateName,
                new TtlMapState<>(
                        stateName,
                        scope,
                        context.getMapState(
                                new MapStateDescriptor<>(
                                        stateName, userKeyType, withDeadline(valueType))),
                        new Ttl(stateName, ttl, timers)));
    }

    /** The savepoint format is {@link DeclaredStateVariable}'s: one definition of it. */
    private static <T> TypeInformation<Tuple2<T, Long>> withDeadline(TypeInformation<T> type) {
        return DeclaredStateVariable.withDeadline(type);
    }

    private void checkNew(String operation, String name, TypeInformation<?> type, TTLConfig ttl) {
        scope.requireInit(operation + "(\"" + name + "\")");
        variables.checkNew(name);
        Objects.requireNonNull(type, "type");
        if (ttl == null) {
            throw new IllegalArgumentException(
                    "State variable '" + name + "': no TTLConfig given (TTLConfig.NONE for none)");
        }
        if (!ttl.isEnabled()) {
            return;
        }
        if (timeMode == TimeMode.None) {
            throw new IllegalArgumentException(
                    "State variable '"
                            + name
                            + "' has "
                            + ttl
                            + ", but TTL needs a clock and TimeMode.None has none: run the"
                            + " operator in TimeMode."
                            + ttl.clock());
        }
        if (ttl.clock() != timeMode) {
            throw new IllegalArgumentException(
                    "State variable '"
                            + name
                            + "' has "
                            + ttl
                            + ", which counts "
                            + (ttl.clock() == TimeMode.EventTime ? "event" : "processing")
                            + " time, but the operator runs in TimeMode."
                            + timeMode
                            + ": use "
                            + (timeMode == TimeMode.EventTime
                                    ? "TTLConfig.eventTime(duration)"
                                    : "new TTLConfig(duration)"));
        }
    }

    @Override
    public QueryInfo getQueryInfo() {
        return new QueryInfo(
                context.getJobInfo().getJobId(),
                context.getTaskInfo().getAttemptNumber(),
                context.getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public void registerTimer(long expiryTimestampMs) {
        Call call = timerCall("registerTimer");
        Unchecked.run("the key's timers", () -> timers.register(expiryTimestampMs, call.timers()));
    }

    @Override
    public void deleteTimer(long expiryTimestampMs) {
        Call call = timerCall("deleteTimer");
        Unchecked.run("the key's timers", () -> timers.delete(expiryTimestampMs, call.timers()));
    }

    @Override
    public Iterator<Long> listTimers() {
        timerCall("listTimers");
        return Unchecked.access("the key's timers", () -> timers.list().iterator());
    }

    private Call timerCall(String operation) {
        if (timeMode == TimeMode.None) {
            throw new UnsupportedOperationException(
                    operation
                            + "(): timers need TimeMode.ProcessingTime or TimeMode.EventTime; this"
                            + " operator runs in TimeMode.None");
        }
        return scope.current(operation + "()");
    }

    @Override
    public void deleteIfExists(String stateName) {
        scope.current("deleteIfExists(\"" + stateName + "\")");
        variables.clearIfExists(stateName);
    }

    /** Removes a processor timer of the current key that fired; false if it was not one. */
    boolean userTimerFired(long time) throws Exception {
        return timers.userTimerFired(time);
    }

    /**
     * At a timer of the current key: if it is the key's TTL cleanup, removes the expired values and
     * arms the cleanup for the next deadline.
     */
    void cleanUpIfDue(long time, Call call) throws Exception {
        if (variables.anyExpiring() && timers.isCleanupAt(time)) {
            timers.scheduleCleanup(variables.purgeExpired(call), call.timers());
        }
    }

    /**
     * After a call that removed TTL'd values: reschedules (or drops) the key's cleanup timer, so
     * that a key whose values are all gone keeps no TTL state and no timer.
     */
    void settleTtl(Call call) throws Exception {
        if (call.removedTtlValues()) {
            timers.scheduleCleanup(variables.purgeExpired(call), call.timers());
        }
    }

    /** The names of every Flink keyed state the operator uses, its own included. */
    List<String> stateNames() {
        List<String> names = new ArrayList<>(variables.names());
        if (timers != null) {
            names.add(KeyTimers.USER_TIMERS);
            names.add(KeyTimers.TTL_CLEANUP);
        }
        return names;
    }

    TimeDomain timerDomain() {
        return timers == null ? null : timers.domain();
    }
}
