package dev.statefuljobs.common.tws;

import org.apache.flink.api.java.tuple.Tuple2;

/** A {@link ValueState} with TTL: Flink's keyed value state of (value, deadline). */
final class TtlValueState<S> extends TtlStateVariable implements ValueState<S> {

    private final org.apache.flink.api.common.state.ValueState<Tuple2<S, Long>> state;

    TtlValueState(
            String name,
            CallScope scope,
            org.apache.flink.api.common.state.ValueState<Tuple2<S, Long>> state,
            Ttl ttl) {
        super("ValueState", name, scope, state, ttl);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> ttl.live(state.value(), call));
    }

    @Override
    public S get() {
        return read(
                "get",
                call -> {
                    Tuple2<S, Long> stored = state.value();
                    return ttl.live(stored, call) ? stored.f0 : null;
                });
    }

    @Override
    public void update(S newState) {
        StateArguments.requireValue(name, newState);
        write("update", call -> state.update(ttl.written(newState, call)));
    }

    @Override
    long purgeExpired(Call call) throws Exception {
        Tuple2<S, Long> stored = state.value();
        if (stored == null) {
            return NO_DEADLINE;
        }
        if (ttl.expired(stored.f1, call)) {
            state.clear();
            return NO_DEADLINE;
        }
        return stored.f1;
    }
}
