package dev.statefuljobs.common.groupstate;

import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SideOutputDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Entry points mirroring Spark's {@code groupByKey(...).mapGroupsWithState(...)} and {@code
 * flatMapGroupsWithState(...)} on a Flink {@link KeyedStream}:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Total> totals = GroupStates
 *     .mapGroupsWithState(tx.keyBy(Tx::getUserId), fn, Types.DOUBLE, TypeInformation.of(Total.class),
 *         GroupStateTimeout.EventTimeTimeout)
 *     .uid("running-total");
 * DataStream<Tx> late = GroupStates.lateRecords(totals, tx.getType());
 * }</pre>
 *
 * <p>The operator is named {@code mapGroupsWithState[<timeout>]} (or {@code flatMap...}); give it a
 * {@code .uid(...)} so its state survives job changes. See {@link GroupStateFunction} for the
 * semantics and the per-record invocation model. The overloads taking an {@link InitialState} are
 * Spark's {@code initialState}; {@link GroupStateOptions} combines it with state TTL.
 */
public final class GroupStates {

    /** Id of the late-records side output. */
    public static final String LATE_RECORDS = "late-records";

    private GroupStates() {}

    /** Spark's mapGroupsWithState: exactly one output per call. */
    public static <K, V, S, R> SingleOutputStreamOperator<R> mapGroupsWithState(
            KeyedStream<V, K> stream,
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout) {
        return mapGroupsWithState(
                stream, function, stateType, outputType, timeout, GroupStateOptions.none());
    }

    /**
     * {@link #mapGroupsWithState(KeyedStream, MapGroupsWithStateFunction, TypeInformation,
     * TypeInformation, GroupStateTimeout)} with Flink state TTL on the operator's keyed state
     * (processing time; null for none). See {@link GroupStateFunction#withStateTtl}.
     */
    public static <K, V, S, R> SingleOutputStreamOperator<R> mapGroupsWithState(
            KeyedStream<V, K> stream,
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            StateTtlConfig stateTtl) {
        return mapGroupsWithState(
                stream,
                function,
                stateType,
                outputType,
                timeout,
                GroupStateOptions.<K, S>none().withStateTtl(stateTtl));
    }

    /**
     * Spark's {@code mapGroupsWithState(timeout, initialState)}: each row's value is its key's
     * state before the key's first call, applied when the job starts fresh and never on a restore.
     * A key with only initial state is not called (see {@link GroupStateFunction}).
     */
    public static <K, V, S, R> SingleOutputStreamOperator<R> mapGroupsWithState(
            KeyedStream<V, K> stream,
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            InitialState<K, S> initialState) {
        return mapGroupsWithState(
                stream,
                function,
                stateType,
                outputType,
                timeout,
                GroupStateOptions.<K, S>none().withInitialState(initialState));
    }

    /** mapGroupsWithState with any of the {@link GroupStateOptions}. */
    public static <K, V, S, R> SingleOutputStreamOperator<R> mapGroupsWithState(
            KeyedStream<V, K> stream,
            MapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            GroupStateOptions<K, S> options) {
        return process(
                        stream,
                        GroupStateFunction.forMap(function, stateType, stream.getType(), timeout),
                        outputType,
                        options)
                .name("mapGroupsWithState[" + timeout + "]");
    }

    /** Spark's flatMapGroupsWithState: zero or more outputs per call. */
    public static <K, V, S, R> SingleOutputStreamOperator<R> flatMapGroupsWithState(
            KeyedStream<V, K> stream,
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout) {
        return flatMapGroupsWithState(
                stream, function, stateType, outputType, timeout, GroupStateOptions.none());
    }

    /** {@link #flatMapGroupsWithState} with Flink state TTL (processing time; null for none). */
    public static <K, V, S, R> SingleOutputStreamOperator<R> flatMapGroupsWithState(
            KeyedStream<V, K> stream,
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            StateTtlConfig stateTtl) {
        return flatMapGroupsWithState(
                stream,
                function,
                stateType,
                outputType,
                timeout,
                GroupStateOptions.<K, S>none().withStateTtl(stateTtl));
    }

    /**
     * Spark's {@code flatMapGroupsWithState(outputMode, timeout, initialState)}; see {@link
     * #mapGroupsWithState(KeyedStream, MapGroupsWithStateFunction, TypeInformation,
     * TypeInformation, GroupStateTimeout, InitialState)}.
     */
    public static <K, V, S, R> SingleOutputStreamOperator<R> flatMapGroupsWithState(
            KeyedStream<V, K> stream,
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            InitialState<K, S> initialState) {
        return flatMapGroupsWithState(
                stream,
                function,
                stateType,
                outputType,
                timeout,
                GroupStateOptions.<K, S>none().withInitialState(initialState));
    }

    /** flatMapGroupsWithState with any of the {@link GroupStateOptions}. */
    public static <K, V, S, R> SingleOutputStreamOperator<R> flatMapGroupsWithState(
            KeyedStream<V, K> stream,
            FlatMapGroupsWithStateFunction<K, V, S, R> function,
            TypeInformation<S> stateType,
            TypeInformation<R> outputType,
            GroupStateTimeout timeout,
            GroupStateOptions<K, S> options) {
        return process(
                        stream,
                        new GroupStateFunction<>(function, stateType, stream.getType(), timeout),
                        outputType,
                        options)
                .name("flatMapGroupsWithState[" + timeout + "]");
    }

    private static <K, V, S, R> SingleOutputStreamOperator<R> process(
            KeyedStream<V, K> stream,
            GroupStateFunction<K, V, S, R> function,
            TypeInformation<R> outputType,
            GroupStateOptions<K, S> options) {
        return InitialStateOperator.process(
                stream, options.configure(function), outputType, options.initialState());
    }

    /** The tag of the late-records side output, for records of the given type. */
    public static <V> OutputTag<V> lateRecordsTag(TypeInformation<V> recordType) {
        return new OutputTag<>(LATE_RECORDS, recordType);
    }

    /**
     * The records an EventTimeTimeout operator found at or behind the watermark (Spark drops them;
     * we route them here). Empty in the other modes.
     */
    public static <V> SideOutputDataStream<V> lateRecords(
            SingleOutputStreamOperator<?> groupsWithState, TypeInformation<V> recordType) {
        return groupsWithState.getSideOutput(lateRecordsTag(recordType));
    }
}
