package dev.statefuljobs.common.tws;

import java.util.Iterator;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Spark's {@code StatefulProcessorHandle}: creates the processor's state variables (in {@link
 * StatefulProcessor#init} only) and manages the current key's timers (in the handlers only).
 *
 * <p>Types are Flink {@link TypeInformation} instead of Spark encoders ({@code Types.LONG}, {@code
 * Types.POJO(Session.class)}...); they must have a Flink serializer, since the project runs with
 * {@code pipeline.generic-types: false} (no Kryo). A state variable's name is the name of its Flink
 * keyed state, so it is part of the savepoint format; names starting with {@code $} are reserved
 * for the operator's own state.
 */
public interface StatefulProcessorHandle {

    <T> ValueState<T> getValueState(String stateName, TypeInformation<T> valueType, TTLConfig ttl);

    default <T> ValueState<T> getValueState(String stateName, TypeInformation<T> valueType) {
        return getValueState(stateName, valueType, TTLConfig.NONE);
    }

    <T> ListState<T> getListState(String stateName, TypeInformation<T> elementType, TTLConfig ttl);

    default <T> ListState<T> getListState(String stateName, TypeInformation<T> elementType) {
        return getListState(stateName, elementType, TTLConfig.NONE);
    }

    <K, V> MapState<K, V> getMapState(
            String stateName,
            TypeInformation<K> userKeyType,
            TypeInformation<V> valueType,
            TTLConfig ttl);

    default <K, V> MapState<K, V> getMapState(
            String stateName, TypeInformation<K> userKeyType, TypeInformation<V> valueType) {
        return getMapState(stateName, userKeyType, valueType, TTLConfig.NONE);
    }

    /** Which job, task attempt and subtask runs this processor (Spark: query id, run id, batch). */
    QueryInfo getQueryInfo();

    /**
     * Registers a timer for the current key, in the operator's {@link TimeMode}: processing time,
     * or event time (it fires when the watermark reaches {@code expiryTimestampMs}; a time the
     * watermark has already reached fires with the next watermark). Registering a time the key
     * already has keeps one timer.
     */
    void registerTimer(long expiryTimestampMs);

    /** Deletes one of the current key's timers; a time it does not have is ignored. */
    void deleteTimer(long expiryTimestampMs);

    /** The current key's pending timers, ascending. */
    Iterator<Long> listTimers();

    /**
     * Removes the current key's values of the state variable {@code stateName}; a name that no
     * state variable has is ignored. Unlike Spark, which drops the variable for every key (to
     * retire it), this clears one key. To retire a variable in Flink, stop creating it in {@code
     * init}: its old values stay in checkpoints and savepoints, unread, until the State Processor
     * API rewrites the savepoint without them.
     */
    void deleteIfExists(String stateName);
}
