package dev.statefuljobs.common.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * An event-time time-to-live for per-key state, beyond Spark and Flink, whose TTLs count processing
 * time: a value expires once the watermark reaches the event time of its last write plus the
 * duration, is never returned after that, and is removed by a cleanup timer, so a replay of a day
 * of data in a minute expires what the day did. Named and built as the transformWithState port's
 * {@code TTLConfig.eventTime(Duration)}; processing-time TTL is Flink's {@code StateTtlConfig}.
 */
public final class TTLConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Duration ttlDuration;

    private TTLConfig(Duration ttlDuration) {
        this.ttlDuration = ttlDuration;
    }

    /** Event-time TTL of {@code ttlDuration}, which must be positive. */
    public static TTLConfig eventTime(Duration ttlDuration) {
        Objects.requireNonNull(ttlDuration, "ttlDuration");
        if (ttlDuration.isNegative() || ttlDuration.isZero()) {
            throw new IllegalArgumentException("TTL duration must be positive, got " + ttlDuration);
        }
        return new TTLConfig(ttlDuration);
    }

    public Duration ttlDuration() {
        return ttlDuration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TTLConfig other && other.ttlDuration.equals(ttlDuration);
    }

    @Override
    public int hashCode() {
        return ttlDuration.hashCode();
    }

    @Override
    public String toString() {
        return "TTLConfig.eventTime(" + ttlDuration + ")";
    }
}
