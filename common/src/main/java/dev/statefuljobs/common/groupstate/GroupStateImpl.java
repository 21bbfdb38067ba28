package dev.statefuljobs.common.groupstate;

import dev.statefuljobs.common.time.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * One invocation's {@link GroupState}: reads the keyed value lazily, buffers changes, and lets
 * {@link GroupStateFunction} write them back after the call (so an exception leaves state as it
 * was).
 */
final class GroupStateImpl<S> implements GroupState<S> {

    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final ValueState<S> valueState;
    private final GroupStateTimeout timeoutMode;
    private final boolean timedOut;
    private final long pendingTimeoutMs;
    private final long watermarkMs;
    private final TimerService timers;

    /**
     * The processing time of this call: read from the timer service on first use (a clock read per
     * record).
     */
    private long processingTimeMs;

    private boolean processingTimeRead;

    private boolean loaded;
    private S value;
    private boolean dirty;

    /** Whether the key had a value before this call; null until the state was read. */
    private Boolean existedBefore;

    private long timeoutMs = NO_TIMESTAMP;

    GroupStateImpl(
            ValueState<S> valueState,
            GroupStateTimeout timeoutMode,
            boolean timedOut,
            long pendingTimeoutMs,
            long watermarkMs,
            TimerService timers) {
        this.valueState = valueState;
        this.timeoutMode = timeoutMode;
        this.timedOut = timedOut;
        this.pendingTimeoutMs = pendingTimeoutMs;
        this.watermarkMs = watermarkMs;
        this.timers = timers;
    }

    private long processingTime() {
        if (!processingTimeRead) {
            processingTimeMs = timers.currentProcessingTime();
            processingTimeRead = true;
        }
        return processingTimeMs;
    }

    private S current() {
        if (!loaded) {
            try {
                value = valueState.value();
                existedBefore = value != null;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the group state", e);
            }
            loaded = true;
        }
        return value;
    }

    @Override
    public boolean exists() {
        return current() != null;
    }

    @Override
    public S get() {
        S v = current();
        if (v == null) {
            throw new NoSuchElementException(
                    "State is either not defined or has already been removed");
        }
        return v;
    }

    @Override
    public Optional<S> getOption() {
        return Optional.ofNullable(current());
    }

    @Override
    public void update(S newState) {
        if (newState == null) {
            throw new IllegalArgumentException("'null' is not a valid state value");
        }
        value = newState;
        loaded = true;
        dirty = true;
    }

    @Override
    public void remove() {
        value = null;
        loaded = true;
        dirty = true;
    }

    @Override
    public boolean hasTimedOut() {
        return timedOut;
    }

    @Override
    public void setTimeoutDuration(long durationMs) {
        if (timeoutMode != GroupStateTimeout.ProcessingTimeTimeout) {
            throw new UnsupportedOperationException(
                    "Cannot set timeout duration without enabling processing time timeout in "
                            + "[map|flatMap]GroupsWithState");
        }
        if (durationMs <= 0) {
            throw new IllegalArgumentException("Timeout duration must be positive");
        }
        timeoutMs = Math.addExact(processingTime(), durationMs);
    }

    @Override
    public void setTimeoutDuration(String duration) {
        setTimeoutDuration(Durations.toMillis(duration));
    }

    @Override
    public void setTimeoutDuration(Duration duration) {
        setTimeoutDuration(duration.toMillis());
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs) {
        checkTimeoutTimestampAllowed();
        if (timestampMs <= 0) {
            throw new IllegalArgumentException("Timeout timestamp must be positive");
        }
        if (timestampMs < watermarkMs) {
            throw new IllegalArgumentException(
                    "Timeout timestamp ("
                            + timestampMs
                            + ") cannot be earlier than the current "
                            + "watermark ("
                            + watermarkMs
                            + ")");
        }
        timeoutMs = timestampMs;
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs, String additionalDuration) {
        checkTimeoutTimestampAllowed();
        setTimeoutTimestamp(Math.addExact(timestampMs, Durations.toMillis(additionalDuration)));
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs, Duration additionalDuration) {
        checkTimeoutTimestampAllowed();
        if (additionalDuration.isNegative()) {
            throw new IllegalArgumentException(
                    "Provided duration (" + additionalDuration + ") is negative");
        }
        setTimeoutTimestamp(Math.addExact(timestampMs, additionalDuration.toMillis()));
    }

    private void checkTimeoutTimestampAllowed() {
        if (timeoutMode != GroupStateTimeout.EventTimeTimeout) {
            throw new UnsupportedOperationException(
                    "Cannot set timeout timestamp without enabling event time timeout in "
                            + "[map|flatMap]GroupsWithState");
        }
    }

    @Override
    public long getCurrentWatermarkMs() {
        if (timeoutMode != GroupStateTimeout.EventTimeTimeout) {
            throw new UnsupportedOperationException(
                    "Cannot get event time watermark timestamp without setting watermark before "
                            + "[map|flatMap]GroupsWithState");
        }
        return watermarkMs;
    }

    @Override
    public long getCurrentProcessingTimeMs() {
        return processingTime();
    }

    @Override
    public OptionalLong getPendingTimeoutTimestampMs() {
        return pendingTimeoutMs == NO_TIMESTAMP
                ? OptionalLong.empty()
                : OptionalLong.of(pendingTimeoutMs);
    }

    /** The deadline set in this call, or {@link #NO_TIMESTAMP}. */
    long timeoutMs() {
        return timeoutMs;
    }

    /**
     * +1 if this call gives the key a value it did not have, -1 if it removes the key's value, else
     * 0. Call before {@link #writeBack}; reads the state only when the function wrote it without
     * reading it first.
     */
    int keyDelta() throws IOException {
        if (!dirty) {
            return 0;
        }
        boolean before = existedBefore != null ? existedBefore : valueState.value() != null;
        boolean after = value != null;
        return before == after ? 0 : after ? 1 : -1;
    }

    /** Whether this call set a value (its last change was an update). */
    boolean wroteValue() {
        return dirty && value != null;
    }

    /** Whether this call removed the value (its last change was a remove). */
    boolean removedValue() {
        return dirty && value == null;
    }

    /** Writes a changed value back to keyed state (clearing it when removed). */
    void writeBack() throws IOException {
        if (dirty) {
            if (value == null) {
                valueState.clear();
            } else {
                valueState.update(value);
            }
        }
    }

    @Override
    public String toString() {
        return "GroupState(" + (loaded ? String.valueOf(value) : "<not read>") + ")";
    }
}
