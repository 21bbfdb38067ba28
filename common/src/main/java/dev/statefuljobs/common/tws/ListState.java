package dev.statefuljobs.common.tws;

import java.util.Iterator;
import java.util.List;

/**
 * Spark's {@code ListState}: a list per key. With TTL, each element expires on its own. As in
 * Spark, null elements and empty lists are refused by the writes (use {@link #clear()}).
 */
public interface ListState<S> {

    /** Whether the key's list has an element (expired ones do not count). */
    boolean exists();

    /**
     * The key's elements in order, empty when it has none. The iterator is a snapshot: writes
     * during the iteration do not change it.
     */
    Iterator<S> get();

    /** Replaces the key's list. */
    void put(List<S> newState);

    /** Replaces the key's list. */
    default void put(S[] newState) {
        put(StateArguments.asList(newState));
    }

    /** Appends one element. */
    void appendValue(S newState);

    /** Appends the elements in order. */
    void appendList(List<S> newState);

    /** Appends the elements in order. */
    default void appendList(S[] newState) {
        appendList(StateArguments.asList(newState));
    }

    /** Removes the key's list. */
    void clear();
}
