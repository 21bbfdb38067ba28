package dev.statefuljobs.common.tws;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Spark's {@code TTLConfig}: how long each value of a state variable lives after it was last
 * written. TTL applies per value: a {@link ValueState}'s value, each element of a {@link
 * ListState}, each entry of a {@link MapState}. An expired value is never returned and is removed
 * from Flink state by a cleanup timer of the operator's own (never shown to the processor).
 *
 * <ul>
 *   <li>{@code new TTLConfig(duration)}: processing time, as in Spark. A write at processing time
 *       {@code now} expires once processing time reaches {@code now + duration}. Needs {@link
 *       TimeMode#ProcessingTime}.
 *   <li>{@link #eventTime(Duration)} (not in Spark): a write expires once the watermark reaches the
 *       event time of the record whose call wrote it plus the duration. In {@code
 *       handleExpiredTimer}, event time is the timer's: its writes count at the timer's time, and
 *       it sees the values still live at that time, however far the watermark jumped. Needs {@link
 *       TimeMode#EventTime}.
 *   <li>{@link #NONE}: values live until the processor clears them.
 * </ul>
 */
public final class TTLConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No TTL. */
    public static final TTLConfig NONE = new TTLConfig(Duration.ZERO, TimeMode.None);

    private final Duration ttlDuration;
    private final TimeMode clock;

    /** Processing-time TTL, as in Spark. */
    public TTLConfig(Duration ttlDuration) {
        this(positive(ttlDuration), TimeMode.ProcessingTime);
    }

    private TTLConfig(Duration ttlDuration, TimeMode clock) {
        this.ttlDuration = ttlDuration;
        this.clock = clock;
    }

    /** Processing-time TTL: the same as {@code new TTLConfig(ttlDuration)}. */
    public static TTLConfig processingTime(Duration ttlDuration) {
        return new TTLConfig(ttlDuration);
    }

    /** Event-time TTL (not in Spark): counted from the event time of each write. */
    public static TTLConfig eventTime(Duration ttlDuration) {
        return new TTLConfig(positive(ttlDuration), TimeMode.EventTime);
    }

    private static Duration positive(Duration ttlDuration) {
        Objects.requireNonNull(ttlDuration, "ttlDuration");
        if (ttlDuration.isNegative() || ttlDuration.isZero()) {
            throw new IllegalArgumentException(
                    "TTL duration must be positive, got "
                            + ttlDuration
                            + " (TTLConfig.NONE: none)");
        }
        return ttlDuration;
    }

    public Duration ttlDuration() {
        return ttlDuration;
    }

    /**
     * The clock the TTL counts on, which must be the operator's: {@link TimeMode#ProcessingTime} or
     * {@link TimeMode#EventTime}, or {@link TimeMode#None} for {@link #NONE}.
     */
    public TimeMode clock() {
        return clock;
    }

    public boolean isEnabled() {
        return clock != TimeMode.None;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TTLConfig other
                && other.clock == clock
                && other.ttlDuration.equals(ttlDuration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ttlDuration, clock);
    }

    @Override
    public String toString() {
        return switch (clock) {
            case None -> "TTLConfig.NONE";
            case ProcessingTime -> "TTLConfig(" + ttlDuration + ")";
            case EventTime -> "TTLConfig.eventTime(" + ttlDuration + ")";
        };
    }
}
