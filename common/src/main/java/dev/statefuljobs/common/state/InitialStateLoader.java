package dev.statefuljobs.common.state;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@link InitialState} in one keyed operator subtask, once: the operator hands it its
 * {@code initializeState} context, then calls {@link #open} from its own {@code open()}, after the
 * function and the timer service are ready. When the state was restored from a checkpoint or
 * savepoint ({@link StateInitializationContext#isRestored()}), {@link #open} does nothing.
 * Otherwise it reads every row, keeps those whose key belongs to this subtask (its key group, from
 * the operator's max parallelism), sets each as the current key and hands it to an {@link
 * AppliesInitialState}. Two rows for one key fail with both lines; each key's rows meet in the one
 * subtask that owns it, so every duplicate is found.
 *
 * <p>{@link InitialStateOperator} and {@link InitialStateReduceOperator} use it; an operator of its
 * own (e.g. a transformWithState operator) can use it the same way.
 */
public final class InitialStateLoader<K, S> implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(InitialStateLoader.class);

    private final InitialState<K, S> initialState;
    private transient boolean restored;

    public InitialStateLoader(InitialState<K, S> initialState) {
        this.initialState = Objects.requireNonNull(initialState, "initialState");
    }

    /** Call from the operator's {@code initializeState}: remembers whether this is a restore. */
    public void initializeState(StateInitializationContext context) {
        restored = context.isRestored();
    }

    /**
     * Call from the operator's {@code open()}: on a fresh start, applies the rows of this subtask's
     * keys to {@code target}.
     *
     * @param timers the operator's timer service, or null for an operator without timers
     * @return how many rows this subtask applied (0 on a restore)
     */
    public int open(
            AbstractStreamOperator<?> operator,
            AppliesInitialState<K, S> target,
            TimerService timers)
            throws Exception {
        if (restored) {
            return 0;
        }
        TaskInfo task = operator.getRuntimeContext().getTaskInfo();
        DistinctKeys<K> applied = new DistinctKeys<>(initialState.origin());
        initialState.read(
                (line, row) -> {
                    int owner =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    row.key(),
                                    task.getMaxNumberOfParallelSubtasks(),
                                    task.getNumberOfParallelSubtasks());
                    if (owner == task.getIndexOfThisSubtask()) {
                        applied.add(row.key(), line);
                        operator.setCurrentKey(row.key());
                        target.applyInitialState(row.key(), row.value(), timers);
                    }
                });
        LOG.info(
                "{}: applied {} rows in {}",
                initialState.origin(),
                applied.size(),
                task.getTaskNameWithSubtasks());
        return applied.size();
    }
}
