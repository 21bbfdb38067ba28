package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * A {@link MapState} with TTL: Flink's keyed map state of key to (value, deadline), so each entry
 * expires on its own.
 */
final class TtlMapState<K, V> extends TtlStateVariable implements MapState<K, V> {

    private final org.apache.flink.api.common.state.MapState<K, Tuple2<V, Long>> state;

    TtlMapState(
            String name,
            CallScope scope,
            org.apache.flink.api.common.state.MapState<K, Tuple2<V, Long>> state,
            Ttl ttl) {
        super("MapState", name, scope, state, ttl);
        this.state = state;
    }

    @Override
    public boolean exists() {
        return read("exists", call -> !live(call).isEmpty());
    }

    @Override
    public V getValue(K key) {
        StateArguments.requireValue(name, key);
        return read(
                "getValue",
                call -> {
                    Tuple2<V, Long> stored = state.get(key);
                    return ttl.live(stored, call) ? stored.f0 : null;
                });
    }

    @Override
    public boolean containsKey(K key) {
        StateArguments.requireValue(name, key);
        return read("containsKey", call -> ttl.live(state.get(key), call));
    }

    @Override
    public void updateValue(K key, V value) {
        StateArguments.requireValue(name, key);
        StateArguments.requireValue(name, value);
        write("updateValue", call -> state.put(key, ttl.written(value, call)));
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return read("iterator", call -> live(call).iterator());
    }

    @Override
    public Iterator<K> keys() {
        return read("keys", call -> live(call).stream().map(Map.Entry::getKey).iterator());
    }

    @Override
    public Iterator<V> values() {
        return read("values", call -> live(call).stream().map(Map.Entry::getValue).iterator());
    }

    private List<Map.Entry<K, V>> live(Call call) throws Exception {
        List<Map.Entry<K, V>> entries = new ArrayList<>();
        for (Map.Entry<K, Tuple2<V, Long>> entry : state.entries()) {
            if (ttl.live(entry.getValue(), call)) {
                entries.add(Map.entry(entry.getKey(), entry.getValue().f0));
            }
        }
        return entries;
    }

    @Override
    public void removeKey(K key) {
        StateArguments.requireValue(name, key);
        write(
                "removeKey",
                call -> {
                    state.remove(key);
                    removed(call);
                });
    }

    @Override
    long purgeExpired(Call call) throws Exception {
        long earliest = NO_DEADLINE;
        boolean expiredAny = false;
        Iterator<Map.Entry<K, Tuple2<V, Long>>> entries = state.iterator();
        while (entries.hasNext()) {
            long deadline = entries.next().getValue().f1;
            if (ttl.expired(deadline, call)) {
                entries.remove();
                expiredAny = true;
            } else {
                earliest = Math.min(earliest, deadline);
            }
        }
        if (expiredAny && state.isEmpty()) {
            state.clear(); // the heap backend keeps an emptied map until it is cleared
        }
        return earliest;
    }
}
