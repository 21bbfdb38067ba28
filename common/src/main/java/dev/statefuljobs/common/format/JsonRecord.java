package dev.statefuljobs.common.format;

/** An output record that knows its one-line JSON form, which is what every sink writes. */
public interface JsonRecord {
    String toJson();

    /**
     * The result's key, e.g. the user id of a running total, which the Kafka sink uses as the
     * record key so that one key's results stay in order; {@code null} (the default) when the
     * record has no key.
     */
    default String key() {
        return null;
    }
}
