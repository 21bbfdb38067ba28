package dev.statefuljobs.common.io;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Chooses the sink for each of a job's outputs. Jobs never build sinks themselves, so tests can
 * swap them.
 */
@FunctionalInterface
public interface SinkProvider {
    /** A sink of output lines: print and file sinks write their JSON, Kafka also uses their key. */
    Sink<OutputLine> sink(Output output);

    /**
     * True when the sink should have one writer, e.g. printing, so that lines are not prefixed by
     * subtask.
     */
    default boolean singleWriter() {
        return false;
    }
}
