package dev.statefuljobs.common.io;

/** The outputs every job has. Each gets its own sink, its own uid, and its own file directory or topic. */
public enum Output {
    RESULTS("results", "results"),
    DEAD_LETTERS("dead-letters", "dead letters"),
    LATE("late", "late records");

    /** Used in uids, directory names and print prefixes. */
    public final String id;
    /** Used in operator names shown in the web UI. */
    public final String label;

    Output(String id, String label) {
        this.id = id;
        this.label = label;
    }
}
