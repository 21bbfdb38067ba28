package dev.statefuljobs.common.tws;

import org.apache.flink.api.java.tuple.Tuple2;

/** A {@link ValueState} with TTL: Flink's keyed value state of (value, deadline). */
final class TtlValueState<S> extends KeyedStateVariable implements ValueState<S>, ExpiringState {

    private final org.apache.flink.api.common.state.ValueState<Tuple2<S, Long>> state;
    private final Ttl ttl;

    TtlValueState(
            String name,
            CallScope scope,
            org.apache.flink.api.common.state.ValueState<Tuple2<S, Long>> state,
            Ttl ttl) {
        super("ValueState", name, scope);
        this.state = state;
        this.ttl = ttl;
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
    public void clear() {
        write(
                "clear",
                call -> {
                    state.clear();
                    call.ttlValuesRemoved();
                });
    }

    @Override
    public long purgeExpired(Call call) throws Exception {
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
