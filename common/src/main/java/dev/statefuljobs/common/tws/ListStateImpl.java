package dev.statefuljobs.common.tws;

import java.util.Iterator;
import java.util.List;

/** A {@link ListState} without TTL: Flink's keyed list state of the user's type. */
final class ListStateImpl<S> extends KeyedStateVariable implements ListState<S> {

    private final org.apache.flink.api.common.state.ListState<S> state;

    ListStateImpl(
            String name, CallScope scope, org.apache.flink.api.common.state.ListState<S> state) {
        super("ListState", name, scope, state);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> state.get().iterator().hasNext());
    }

    @Override
    public Iterator<S> get() {
        return read("get", call -> copyOf(state.get()).iterator());
    }

    @Override
    public void put(List<S> newState) {
        StateArguments.requireElements(name, newState);
        write("put", call -> state.update(newState));
    }

    @Override
    public void appendValue(S newState) {
        StateArguments.requireValue(name, newState);
        write("appendValue", call -> state.add(newState));
    }

    @Override
    public void appendList(List<S> newState) {
        StateArguments.requireElements(name, newState);
        write("appendList", call -> state.addAll(newState));
    }
}
