package dev.statefuljobs.common.tws;

import java.util.Iterator;
import java.util.Map;

/**
 * Spark's {@code MapState}: a map per key. With TTL, each entry expires on its own. Null keys and
 * values are refused. The iterators are snapshots: writes during an iteration do not change it.
 */
public interface MapState<K, V> {

    /** Whether the key's map has an entry (expired ones do not count). */
    boolean exists();

    /** The value for {@code key}, or null. */
    V getValue(K key);

    boolean containsKey(K key);

    /** Sets the value for {@code key}; with TTL, that entry's expiry starts again. */
    void updateValue(K key, V value);

    /** The entries. */
    Iterator<Map.Entry<K, V>> iterator();

    Iterator<K> keys();

    Iterator<V> values();

    void removeKey(K key);

    /** Removes the key's map. */
    void clear();
}
