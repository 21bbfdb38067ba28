package dev.statefuljobs.common.window;

/**
 * When a window emits: Spark's append mode ({@link #FINAL}) or its update mode ({@link #UPDATES}).
 */
public enum EmitMode {
    /**
     * Once, when the watermark passes the window's end (then again for each record accepted late).
     */
    FINAL,
    /** On every record that changes the window's aggregate. */
    UPDATES
}
