package dev.statefuljobs.common.tws;

/** A {@link ValueState} without TTL: Flink's keyed value state of the user's type. */
final class ValueStateImpl<S> extends KeyedStateVariable implements ValueState<S> {

    private final org.apache.flink.api.common.state.ValueState<S> state;

    ValueStateImpl(
            String name, CallScope scope, org.apache.flink.api.common.state.ValueState<S> state) {
        super("ValueState", name, scope, state);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> state.value() != null);
    }

    @Override
    public S get() {
        return read("get", call -> state.value());
    }

    @Override
    public void update(S newState) {
        StateArguments.requireValue(name, newState);
        write("update", call -> state.update(newState));
    }
}
