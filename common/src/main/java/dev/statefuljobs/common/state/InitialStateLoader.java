package dev.statefuljobs.common.state;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an {@link InitialState} in one keyed operator subtask: reads every row, keeps those whose
 * key belongs to this subtask (its key group, from the operator's max parallelism, is in this
 * subtask's range), sets each as the current key and hands it to an {@link AppliesInitialState}.
 * Two rows for one key fail with both lines; each key's rows meet in the one subtask that owns it,
 * so every duplicate is found.
 *
 * <p>It does not decide whether to apply: the operator calls it only when its state was not
 * restored ({@code StateInitializationContext.isRestored()}), from {@code open()}, once the timer
 * service exists. {@link InitialStateOperator} and {@link InitialStateReduceOperator} do; an
 * operator of its own (e.g. a transformWithState operator) can call it the same way.
 */
public final class InitialStateLoader {

    private static final Logger LOG = LoggerFactory.getLogger(InitialStateLoader.class);

    private InitialStateLoader() {}

    /**
     * Applies the rows of this subtask's keys.
     *
     * @return how many rows this subtask applied
     */
    public static <K, S> int apply(
            InitialState<K, S> initialState,
            AbstractStreamOperator<?> operator,
            AppliesInitialState<K, S> target,
            TimerService timers)
            throws Exception {
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
