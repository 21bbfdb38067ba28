package dev.statefuljobs.common.groupstate;

/**
 * Which kind of timeout a [map|flatMap]GroupsWithState operator allows, named as in Spark's {@code
 * org.apache.spark.sql.streaming.GroupStateTimeout} so ported code reads the same.
 */
public enum GroupStateTimeout {
    /** No timeouts: state lives until the function removes it. Setting a timeout throws. */
    NoTimeout,
    /**
     * Deadlines in processing time, set with {@link GroupState#setTimeoutDuration}; the key times
     * out once processing time passes the deadline.
     */
    ProcessingTimeTimeout,
    /**
     * Deadlines in event time, set with {@link GroupState#setTimeoutTimestamp}; the key times out
     * once the watermark passes the timestamp. Records at or behind the watermark are late and go
     * to the late-records side output ({@link GroupStates#lateRecordsTag}).
     */
    EventTimeTimeout
}
