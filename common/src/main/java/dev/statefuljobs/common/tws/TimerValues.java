package dev.statefuljobs.common.tws;

/** Spark's {@code TimerValues}: the times of the call in progress, constant for the call. */
public interface TimerValues {

    /** The operator's processing time when the call started. */
    long getCurrentProcessingTimeInMs();

    /**
     * The operator's current watermark; {@code Long.MIN_VALUE} before the first one (Spark reports
     * -1 or 0).
     */
    long getCurrentWatermarkInMs();
}
