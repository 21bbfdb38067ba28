package dev.statefuljobs.common.tws;

/**
 * Spark's {@code ValueState}: one value per key. Read and write it only inside a handler call (the
 * key is the one being processed).
 */
public interface ValueState<S> {

    /** Whether the key has a value (an expired one does not count). */
    boolean exists();

    /** The key's value, or null when it has none (as in Spark 4). */
    S get();

    /**
     * Sets the key's value; with TTL, its expiry starts again. {@code null} is refused: use {@link
     * #clear()}.
     */
    void update(S newState);

    /** Removes the key's value. */
    void clear();
}
