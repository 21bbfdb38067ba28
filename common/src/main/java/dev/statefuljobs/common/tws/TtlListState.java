package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * A {@link ListState} with TTL: Flink's keyed list state of (element, deadline), so each element
 * expires on its own. The elements of one write share its deadline.
 */
final class TtlListState<S> extends TtlStateVariable implements ListState<S> {

    private final org.apache.flink.api.common.state.ListState<Tuple2<S, Long>> state;

    TtlListState(
            String name,
            CallScope scope,
            org.apache.flink.api.common.state.ListState<Tuple2<S, Long>> state,
            Ttl ttl) {
        super("ListState", name, scope, state, ttl);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> !live(call).isEmpty());
    }

    @Override
    public Iterator<S> get() {
        return read("get", call -> live(call).iterator());
    }

    private List<S> live(Call call) throws Exception {
        List<S> values = new ArrayList<>();
        for (Tuple2<S, Long> element : state.get()) {
            if (ttl.live(element, call)) {
                values.add(element.f0);
            }
        }
        return values;
    }

    @Override
    public void put(List<S> newState) {
        StateArguments.requireElements(name, newState);
        write("put", call -> state.update(written(newState, call)));
    }

    @Override
    public void appendValue(S newState) {
        StateArguments.requireValue(name, newState);
        write("appendValue", call -> state.add(ttl.written(newState, call)));
    }

    @Override
    public void appendList(List<S> newState) {
        StateArguments.requireElements(name, newState);
        write("appendList", call -> state.addAll(written(newState, call)));
    }

    private List<Tuple2<S, Long>> written(List<S> values, Call call) throws Exception {
        long deadline = ttl.deadlineOfWrite(call);
        List<Tuple2<S, Long>> elements = new ArrayList<>(values.size());
        for (S value : values) {
            elements.add(Tuple2.of(value, deadline));
        }
        return elements;
    }

    @Override
    long purgeExpired(Call call) throws Exception {
        List<Tuple2<S, Long>> kept = new ArrayList<>();
        boolean expiredAny = false;
        long earliest = NO_DEADLINE;
        for (Tuple2<S, Long> element : state.get()) {
            if (ttl.expired(element.f1, call)) {
                expiredAny = true;
            } else {
                kept.add(element);
                earliest = Math.min(earliest, element.f1);
            }
        }
        if (expiredAny) {
            state.update(kept); // an empty list clears the state
        }
        return earliest;
    }
}
