package dev.statefuljobs.common.state;

import org.apache.flink.streaming.api.TimerService;

/**
 * A keyed function that takes an {@link InitialState}: {@link InitialStateOperator} calls it once
 * per row of its subtask's keys, with that key set as the current key, when the job starts fresh,
 * and never on a restore. It is called in {@code open()}, after the function's own {@code open},
 * before any record; its keyed state and timers are those the function uses for records.
 *
 * <p>Implemented by the GroupState layer ({@code GroupStateFunction} writes the value as the key's
 * state) and meant for any keyed function with state, e.g. a transformWithState port whose operator
 * calls {@code handleInitialState} from here. Nothing can be emitted: as in Spark, an initial row
 * only sets state (and, if the function wants, timers).
 *
 * @param <K> key type
 * @param <S> the type of the initial rows' values
 */
@FunctionalInterface
public interface AppliesInitialState<K, S> {

    /**
     * Applies one initial row; {@code key} is the current key.
     *
     * @param timers the operator's timer service (event-time and processing-time timers), or null
     *     for an operator without timers (a keyed reduce)
     */
    void applyInitialState(K key, S value, TimerService timers) throws Exception;
}
