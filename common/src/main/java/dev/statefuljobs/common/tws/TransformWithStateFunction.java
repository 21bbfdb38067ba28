package dev.statefuljobs.common.tws;

import dev.statefuljobs.common.groupstate.GroupStates;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SupplierWithException;

/**
 * Runs a Spark 4 {@link StatefulProcessor} on Flink keyed state and timers. Use it through {@link
 * TransformWithState}; it is public for Flink's operator harness and for an initial-state loader
 * ({@link TransformWithInitialStateFunction}).
 *
 * <p><b>Invocation model.</b> {@code handleInputRows} runs once per record, with an iterator over
 * that one record (Spark: once per key per micro-batch, with the batch's rows). {@code
 * handleExpiredTimer} runs once per fired timer, in timestamp order across keys. Output rows are
 * emitted as the handler's iterator yields them; null rows are skipped.
 *
 * <p><b>Timers</b> ({@link TimeMode#ProcessingTime} or {@link TimeMode#EventTime}; refused in
 * {@link TimeMode#None}). A key may have many; registering a time twice keeps one. An event-time
 * timer fires when the watermark <em>reaches</em> its time (Flink's rule and Spark 4.2's
 * TimerStateImpl; mapGroupsWithState's timeouts fire strictly after), a processing-time timer when
 * processing time reaches it. A fired timer is removed before {@code handleExpiredTimer} runs.
 * Flink's timer service cannot list timers, so the key's timers are also kept in the keyed map
 * state {@value KeyTimers#USER_TIMERS}, updated on register, delete and fire.
 *
 * <p><b>TTL</b> ({@link TTLConfig}) is the operator's own, not Flink's {@code StateTtlConfig}:
 * Flink's TTL is processing time only, and removes expired values on access, snapshots or RocksDB
 * compactions, which cannot be observed exactly. Here each value, list element and map entry is
 * stored with its deadline; reads skip expired ones; one cleanup timer per key ({@value
 * KeyTimers#TTL_CLEANUP}, in the operator's time domain, invisible to the processor) removes them
 * at the earliest deadline and re-arms for the next. A call that clears TTL'd values settles the
 * cleanup timer at its end, so a key with nothing left keeps no state and no timer. Event-time TTL
 * is judged at the watermark in {@code handleInputRows} and at the timer's time in {@code
 * handleExpiredTimer} (see {@link TTLConfig#eventTime}).
 *
 * <p><b>Late records</b> ({@link TimeMode#EventTime}): a record whose timestamp is at or behind the
 * watermark goes to the side output {@link TransformWithState#lateRecordsTag}; it never reaches
 * {@code handleInputRows}. Records without a timestamp are not late. A job sends them on to its
 * late output ({@code Sinks.late(LateEvents.of(...))}), where they are described and counted once,
 * in {@code lateRecordsRouted}, as GroupState's are.
 *
 * <p><b>State layout</b> (the savepoint format): one Flink keyed state per state variable, named as
 * the variable, of the user's type, or of {@code Tuple2<type, deadline>} with TTL; plus {@value
 * KeyTimers#USER_TIMERS} and {@value KeyTimers#TTL_CLEANUP} unless {@link TimeMode#None}. Every
 * type has a Flink serializer: no Kryo.
 */
public class TransformWithStateFunction<K, I, O> extends KeyedProcessFunction<K, I, O> {

    private static final long serialVersionUID = 1L;

    private final StatefulProcessor<K, I, O> processor;
    private final TimeMode timeMode;
    private final OutputMode outputMode;
    private final OutputTag<I> lateRecordsTag;

    private transient CallScope scope;
    private transient ProcessorHandle handle;

    public TransformWithStateFunction(
            StatefulProcessor<K, I, O> processor,
            TypeInformation<I> recordType,
            TimeMode timeMode,
            OutputMode outputMode) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.timeMode = Objects.requireNonNull(timeMode, "timeMode");
        this.outputMode = Objects.requireNonNull(outputMode, "outputMode");
        this.lateRecordsTag =
                GroupStates.lateRecordsTag(Objects.requireNonNull(recordType, "recordType"));
    }

    public OutputTag<I> getLateRecordsTag() {
        return lateRecordsTag;
    }

    public TimeMode getTimeMode() {
        return timeMode;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        scope = new CallScope();
        handle = new ProcessorHandle(getRuntimeContext(), timeMode, scope);
        processor.setHandle(handle);
        scope.enter(Handler.INIT);
        try {
            processor.init(outputMode, timeMode);
        } finally {
            scope.exit();
        }
    }

    @Override
    public void processElement(I record, Context ctx, Collector<O> out) throws Exception {
        TimerService timers = ctx.timerService();
        Long timestamp = ctx.timestamp();
        if (timeMode == TimeMode.EventTime
                && timestamp != null
                && timestamp <= timers.currentWatermark()) {
            ctx.output(lateRecordsTag, record);
            return;
        }
        K key = ctx.getCurrentKey();
        Call call = Call.forRecord(timers, timestamp);
        invoke(
                call,
                () ->
                        processor.handleInputRows(
                                key, Collections.singletonList(record).iterator(), call),
                out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        if (ctx.timeDomain() != handle.timerDomain()) {
            return; // not ours: the operator only ever registers timers in its own domain
        }
        K key = ctx.getCurrentKey();
        Call call = Call.forTimer(ctx.timerService(), timestamp);
        handle.cleanUpIfDue(timestamp, call); // first, so the handler sees no expired value
        if (handle.userTimerFired(timestamp)) {
            invoke(call, () -> processor.handleExpiredTimer(key, call, () -> timestamp), out);
        }
    }

    /** Runs a handler for the current key and emits its rows, all within the call. */
    void invoke(Call call, SupplierWithException<Iterator<O>, Exception> handler, Collector<O> out)
            throws Exception {
        scope.enter(call);
        try {
            // Rows are drained inside the call: a lazy iterator may still read state.
            Iterator<O> rows = handler.get();
            if (rows != null) {
                while (rows.hasNext()) {
                    O row = rows.next();
                    if (row != null) {
                        out.collect(row);
                    }
                }
            }
            handle.settleTtl(call);
        } finally {
            scope.exit();
        }
    }

    @Override
    public void close() throws Exception {
        if (scope == null) {
            return; // never opened
        }
        scope.enter(Handler.CLOSE);
        try {
            processor.close();
        } finally {
            scope.exit();
        }
    }

    /** Every Flink keyed state name the operator uses (for tests counting state entries). */
    List<String> stateNames() {
        return handle.stateNames();
    }
}
