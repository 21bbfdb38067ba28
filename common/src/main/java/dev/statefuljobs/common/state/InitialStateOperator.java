package dev.statefuljobs.common.state;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Flink's {@link KeyedProcessOperator} plus an {@link InitialState}: when the job starts fresh, it
 * hands each row of its subtask's keys to the function ({@link AppliesInitialState}) before the
 * first record; when the operator's state is restored from a checkpoint or savepoint ({@link
 * StateInitializationContext#isRestored()}), it does nothing, since the restored state already
 * holds whatever the rows became. A restart before the first completed checkpoint starts fresh
 * again, sources included, so the rows are applied again, to empty state.
 *
 * <p>Everything else is the plain operator's: the same function, keyed state and timers, so a job
 * may drop its initial state on a later restore without changing its savepoint layout. Use {@link
 * #process}, which builds the plain operator when there is no initial state.
 */
public class InitialStateOperator<K, IN, OUT, S> extends KeyedProcessOperator<K, IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** The name under which {@link KeyedProcessOperator} creates its timer service. */
    private static final String USER_TIMERS = "user-timers";

    private final InitialStateLoader<K, S> loader;
    private final AppliesInitialState<K, S> target;

    public <F extends KeyedProcessFunction<K, IN, OUT> & AppliesInitialState<K, S>>
            InitialStateOperator(F function, InitialState<K, S> initialState) {
        super(function);
        this.target = function;
        this.loader = new InitialStateLoader<>(initialState);
    }

    /**
     * {@code stream.process(function, outputType)}, applying {@code initialState} on a fresh start;
     * the plain {@code process} when it is null.
     */
    public static <
                    K,
                    IN,
                    OUT,
                    S,
                    F extends KeyedProcessFunction<K, IN, OUT> & AppliesInitialState<K, S>>
            SingleOutputStreamOperator<OUT> process(
                    KeyedStream<IN, K> stream,
                    F function,
                    TypeInformation<OUT> outputType,
                    InitialState<K, S> initialState) {
        if (initialState == null) {
            return stream.process(function, outputType);
        }
        return stream.transform(
                "KeyedProcess", outputType, new InitialStateOperator<>(function, initialState));
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        loader.initializeState(context);
    }

    @Override
    public void open() throws Exception {
        super.open(); // opens the function and creates the timer service
        loader.open(
                this,
                target,
                new SimpleTimerService(
                        getInternalTimerService(
                                USER_TIMERS, VoidNamespaceSerializer.INSTANCE, this)));
    }
}
