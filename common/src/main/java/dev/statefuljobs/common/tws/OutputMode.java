package dev.statefuljobs.common.tws;

/**
 * Spark's output modes for transformWithState. Flink emits every row a handler returns as it
 * returns it, so the mode changes nothing here: it is passed to {@link StatefulProcessor#init} for
 * processors that behave differently per mode.
 */
public enum OutputMode {
    Append,
    Update
}
