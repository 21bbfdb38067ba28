package dev.statefuljobs.common.state;

import java.util.HashMap;
import java.util.Map;

/** Refuses a second row for a key, naming the key and the lines of both rows. */
final class DistinctKeys<K> {

    private final String origin;
    private final Map<K, Long> lineOfKey = new HashMap<>();

    DistinctKeys(String origin) {
        this.origin = origin;
    }

    void add(K key, long line) {
        Long first = lineOfKey.putIfAbsent(key, line);
        if (first != null) {
            throw new InvalidInitialStateException(
                    origin
                            + ": two initial rows for key "
                            + key
                            + " (lines "
                            + first
                            + " and "
                            + line
                            + ")");
        }
    }

    int size() {
        return lineOfKey.size();
    }
}
