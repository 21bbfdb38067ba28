package dev.statefuljobs.common.groupstate;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Spark's {@code FlatMapGroupsWithStateFunction}: called per key with its new values and its {@link
 * GroupState}; returns zero or more results (a {@code null} iterator counts as none). Serializable
 * so lambdas ship to the cluster.
 *
 * @param <K> key type
 * @param <V> input record type
 * @param <S> state type
 * @param <R> output type
 */
@FunctionalInterface
public interface FlatMapGroupsWithStateFunction<K, V, S, R> extends Serializable {
    Iterator<R> call(K key, Iterator<V> values, GroupState<S> state) throws Exception;
}
