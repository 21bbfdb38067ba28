package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A {@link MapState} without TTL: Flink's keyed map state of the user's types. */
final class MapStateImpl<K, V> extends KeyedStateVariable implements MapState<K, V> {

    private final org.apache.flink.api.common.state.MapState<K, V> state;

    MapStateImpl(
            String name, CallScope scope, org.apache.flink.api.common.state.MapState<K, V> state) {
        super("MapState", name, scope, state);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> !state.isEmpty());
    }

    @Override
    public V getValue(K key) {
        StateArguments.requireValue(name, key);
        return read("getValue", call -> state.get(key));
    }

    @Override
    public boolean containsKey(K key) {
        StateArguments.requireValue(name, key);
        return read("containsKey", call -> state.contains(key));
    }

    @Override
    public void updateValue(K key, V value) {
        StateArguments.requireValue(name, key);
        StateArguments.requireValue(name, value);
        write("updateValue", call -> state.put(key, value));
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return read(
                "iterator",
                call -> {
                    List<Map.Entry<K, V>> entries = new ArrayList<>();
                    for (Map.Entry<K, V> entry : state.entries()) {
                        entries.add(Map.entry(entry.getKey(), entry.getValue()));
                    }
                    return entries.iterator();
                });
    }

    @Override
    public Iterator<K> keys() {
        return read("keys", call -> copyOf(state.keys()).iterator());
    }

    @Override
    public Iterator<V> values() {
        return read("values", call -> copyOf(state.values()).iterator());
    }

    @Override
    public void removeKey(K key) {
        StateArguments.requireValue(name, key);
        write("removeKey", call -> state.remove(key));
    }
}
