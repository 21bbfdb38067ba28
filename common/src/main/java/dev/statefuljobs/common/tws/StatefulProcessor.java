package dev.statefuljobs.common.tws;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;

/**
 * Spark 4's {@code StatefulProcessor} ({@code transformWithState}), run by Flink through {@link
 * TransformWithState#apply}.
 *
 * <p>Life cycle, per parallel subtask: {@link #init} once when the operator opens, where every
 * state variable is created through {@link #getHandle()} (and nowhere else); then {@link
 * #handleInputRows} and {@link #handleExpiredTimer} for one key at a time; {@link #close} when the
 * operator closes. State variables and timers always belong to the key being handled.
 *
 * <p>Invocation model, the one deliberate difference from Spark: Spark calls {@link
 * #handleInputRows} once per key per micro-batch with all of that batch's rows for the key; Flink
 * calls it once per record, with an iterator over that single record. A processor that folds rows
 * into state reaches the same state; one that emits a row per call emits one per record here.
 * Expired timers are handled between records, in timestamp order across keys.
 *
 * <p>The processor is serialized with the job graph: keep state variables in {@code transient}
 * fields assigned in {@link #init}.
 *
 * @param <K> key type
 * @param <I> input record type
 * @param <O> output row type
 */
public abstract class StatefulProcessor<K, I, O> implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient StatefulProcessorHandle handle;

    /**
     * Creates the state variables (through {@link #getHandle()}) before any row is handled. No key
     * is set: reading state or using timers here fails.
     */
    public abstract void init(OutputMode outputMode, TimeMode timeMode) throws Exception;

    /**
     * Handles the input of one key: in Flink, a single record. Returns zero or more output rows
     * (null means none); they are emitted before the next record.
     */
    public abstract Iterator<O> handleInputRows(
            K key, Iterator<I> inputRows, TimerValues timerValues) throws Exception;

    /**
     * Handles one fired timer of {@code key}; the timer is already removed ({@link
     * StatefulProcessorHandle#listTimers()} does not show it). Emits nothing by default.
     */
    public Iterator<O> handleExpiredTimer(
            K key, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) throws Exception {
        return Collections.emptyIterator();
    }

    /** Called once when the operator closes. */
    public void close() throws Exception {}

    /** The handle: state variables and timers. Available from {@link #init} on. */
    public final StatefulProcessorHandle getHandle() {
        if (handle == null) {
            throw new IllegalStateException(
                    "The StatefulProcessorHandle is set when the operator opens, just before"
                            + " init(): it is not available in the processor's constructor");
        }
        return handle;
    }

    final void setHandle(StatefulProcessorHandle handle) {
        this.handle = handle;
    }
}
