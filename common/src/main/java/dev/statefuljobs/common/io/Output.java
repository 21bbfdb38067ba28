package dev.statefuljobs.common.io;

/**
 * One output of a job. Every job has {@link #RESULTS}, {@link #DEAD_LETTERS} and {@link #LATE}; a
 * job may add its own with {@link #named}. Each output gets its own sink, uid ({@code <id>-sink}),
 * file directory and Kafka topic.
 *
 * @param id used in uids, directory names, topic suffixes and print prefixes
 * @param label used in operator names shown in the web UI
 */
public record Output(String id, String label) {

    public static final Output RESULTS = new Output("results", "results");
    public static final Output DEAD_LETTERS = new Output("dead-letters", "dead letters");
    public static final Output LATE = new Output("late", "late records");

    /** A job's own output, e.g. {@code alerts}. */
    public static Output named(String id) {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "an output id is lower case letters, digits and dashes: '" + id + "'");
        }
        return new Output(id, id.replace('-', ' '));
    }
}
