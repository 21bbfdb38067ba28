package dev.statefuljobs.common.tws;

/**
 * Spark's {@code TimeMode}: the clock of an operator's timers and state TTL. The constants keep
 * Spark's names ({@code TimeMode.ProcessingTime()} in Spark's Java API is {@code
 * TimeMode.ProcessingTime} here).
 */
public enum TimeMode {
    /** No clock: timers and TTL are refused. */
    None,
    /** Timers and TTL follow the operator's processing time (wall clock). */
    ProcessingTime,
    /**
     * Timers and TTL follow the watermark; records at or behind it are late and go to the late
     * output.
     */
    EventTime
}
