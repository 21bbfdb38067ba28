package dev.statefuljobs.common.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * One row of an {@link InitialState}: the value a key starts with.
 *
 * @param key the key, as the stream's key selector returns it
 * @param value the key's initial state, never null
 */
public record InitialRow<K, S>(K key, S value) implements Serializable {

    public InitialRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
