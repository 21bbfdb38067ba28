package dev.statefuljobs.common.groupstate;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Spark's {@code MapGroupsWithStateFunction}: called per key with its new values and its {@link
 * GroupState}; returns exactly one result per call, timeout calls included. A {@code null} result
 * is not emitted (Flink records cannot be null). Serializable so lambdas ship to the cluster.
 *
 * @param <K> key type
 * @param <V> input record type
 * @param <S> state type
 * @param <R> output type
 */
@FunctionalInterface
public interface MapGroupsWithStateFunction<K, V, S, R> extends Serializable {
    R call(K key, Iterator<V> values, GroupState<S> state) throws Exception;
}
