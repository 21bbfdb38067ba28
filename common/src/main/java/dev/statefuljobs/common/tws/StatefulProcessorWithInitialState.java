package dev.statefuljobs.common.tws;

/**
 * Spark's {@code StatefulProcessorWithInitialState}: a processor that also accepts an initial state
 * per key, on a fresh start only (never when restoring from a checkpoint or savepoint), before any
 * record. It runs through {@link TransformWithInitialStateFunction}, whose {@link
 * TransformWithInitialStateFunction#applyInitialState} an initial-state loader calls once per
 * initial row.
 *
 * @param <S> the type of an initial-state row
 */
public abstract class StatefulProcessorWithInitialState<K, I, O, S>
        extends StatefulProcessor<K, I, O> {

    private static final long serialVersionUID = 1L;

    /**
     * Writes one initial-state row of {@code key} into the state variables; may register timers.
     * Emits nothing. Called once per row, so a key may be called several times.
     */
    public abstract void handleInitialState(K key, S initialState, TimerValues timerValues)
            throws Exception;
}
