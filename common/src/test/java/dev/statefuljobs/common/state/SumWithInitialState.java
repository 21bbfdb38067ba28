package dev.statefuljobs.common.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonObjectReader;
import dev.statefuljobs.common.groupstate.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * A test function with initial state: a running sum per user ({@code "u1=105"} per event), whose
 * initial sums are applied as they are; an initial sum of 0 also arms an event-time timer at 1000
 * ({@code "timer u1=0"}), to show that the callback has the operator's timers.
 */
class SumWithInitialState extends KeyedProcessFunction<String, Event, String>
        implements AppliesInitialState<String, Long> {
    private static final long serialVersionUID = 1L;

    static final String STATE = "sum";

    private transient ValueState<Long> sum;

    @Override
    public void open(OpenContext openContext) {
        sum = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, Types.LONG));
    }

    @Override
    public void applyInitialState(String user, Long value, TimerService timers) throws Exception {
        sum.update(value);
        if (value == 0) {
            timers.registerEventTimeTimer(1000);
        }
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<String> out) throws Exception {
        long total = (sum.value() == null ? 0 : sum.value()) + event.amount;
        sum.update(total);
        out.collect(event.user + "=" + total);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
            throws Exception {
        out.collect("timer " + ctx.getCurrentKey() + "=" + sum.value());
    }

    static InitialRow<String, Long> row(String user, long sum) {
        return new InitialRow<>(user, sum);
    }

    @SafeVarargs
    static InitialState<String, Long> rows(InitialRow<String, Long>... rows) {
        List<InitialRow<String, Long>> list = new ArrayList<>();
        for (InitialRow<String, Long> r : rows) { // not List.of(rows): javac's varargs lint
            list.add(r);
        }
        return InitialState.of(list);
    }

    /** {@code {"user":"u1","sum":100}}, as a job's format would read it. */
    static InitialRow<String, Long> parse(String line) throws InvalidRecordException {
        String user = null;
        Long total = null;
        try (JsonObjectReader r = JsonObjectReader.open(line)) {
            while (r.nextField()) {
                switch (r.name()) {
                    case "user" -> user = r.nonEmptyString();
                    case "sum" -> total = r.integer();
                    default -> throw r.invalid("is not a field of a sum");
                }
            }
        }
        return new InitialRow<>(
                JsonObjectReader.required(user, "user"), JsonObjectReader.required(total, "sum"));
    }

    /** The users that have a sum in the harness's keyed state. */
    static Set<String> usersWithState(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        try (Stream<String> keys =
                h.getOperator()
                        .<String>getKeyedStateBackend()
                        .getKeys(STATE, VoidNamespace.INSTANCE)) {
            return keys.collect(Collectors.toSet());
        }
    }
}
