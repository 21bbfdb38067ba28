package dev.statefuljobs.common.tws;

import dev.statefuljobs.common.state.AppliesInitialState;
import java.util.Collections;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * {@link TransformWithStateFunction} for a {@link StatefulProcessorWithInitialState}: the same
 * operator, plus the hook an initial-state loader calls.
 *
 * <p>The loader is a keyed operator around this function that, on a fresh start only (not when
 * restoring), after {@code open()} and before the first record, calls {@link #applyInitialState}
 * once per initial row with the Flink key context set to that row's key, passing the operator's
 * {@link TimerService} so that {@code handleInitialState} may register timers.
 */
public class TransformWithInitialStateFunction<K, I, O, S>
        extends TransformWithStateFunction<K, I, O> implements AppliesInitialState<K, S> {

    private static final long serialVersionUID = 1L;

    private final StatefulProcessorWithInitialState<K, I, O, S> processor;

    public TransformWithInitialStateFunction(
            StatefulProcessorWithInitialState<K, I, O, S> processor,
            TypeInformation<I> recordType,
            TimeMode timeMode,
            OutputMode outputMode) {
        super(processor, recordType, timeMode, outputMode);
        this.processor = processor;
    }

    /**
     * Calls {@code handleInitialState(key, value)} with {@code key} as the current key. With
     * event-time TTL, its writes count at the current watermark; before the first watermark (a
     * fresh start) they have no event time and do not expire until the key is written again.
     */
    @Override
    public void applyInitialState(K key, S value, TimerService timers) throws Exception {
        Call call = Call.forInitialState(timers);
        invoke(
                call,
                () -> {
                    processor.handleInitialState(key, value, call);
                    return Collections.emptyIterator();
                },
                new Collector<O>() {
                    @Override
                    public void collect(O row) {
                        throw new IllegalStateException("handleInitialState emits nothing");
                    }

                    @Override
                    public void close() {}
                });
    }
}
