package dev.statefuljobs.common.io;

import java.util.Objects;

/**
 * One output record as the sinks receive it: its one-line JSON and its key ({@code null} when the
 * output has none). Print and file sinks write {@link #toString()}, the JSON; the Kafka sink also
 * uses the key as the record key, so one key's results stay in order in one partition. A Flink
 * POJO, so it is never serialized with Kryo.
 */
public class OutputLine {
    public String key;
    public String json;

    public OutputLine() {}

    public OutputLine(String key, String json) {
        this.key = key;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputLine
                && Objects.equals(key, ((OutputLine) o).key)
                && Objects.equals(json, ((OutputLine) o).json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, json);
    }

    /** The JSON line, which is what print and file sinks write. */
    @Override
    public String toString() {
        return json;
    }
}
