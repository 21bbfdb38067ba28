package dev.statefuljobs.common.groupstate;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The per-key state handle given to a [map|flatMap]GroupsWithState function, with the methods,
 * rules and exception messages of Spark's {@code GroupState}, so an update function ports line by
 * line. It is backed by Flink keyed state and timers (see {@link GroupStateFunction}).
 *
 * <p>Rules (as in Spark): the timeout is cleared at every call, so a call that does not set it
 * again leaves the key with none; {@link #remove()} keeps a timeout set in the same call; a key
 * that timed out is called once with no values and {@link #hasTimedOut()} true. Keys time out
 * strictly after their deadline: when processing time, or the watermark, is greater than it.
 *
 * <p>Mutating the object returned by {@link #get()} is not enough: call {@link #update} (as in
 * Spark), otherwise the change is lost on RocksDB and after restore.
 *
 * @param <S> the state type
 */
public interface GroupState<S> {

    /** Whether a value is defined (set earlier or in this call, and not removed). */
    boolean exists();

    /**
     * The value.
     *
     * @throws NoSuchElementException "State is either not defined or has already been removed"
     */
    S get();

    /** The value, or empty when it does not exist. */
    Optional<S> getOption();

    /**
     * Sets the value; also valid after {@link #remove()} in the same call.
     *
     * @throws IllegalArgumentException "'null' is not a valid state value"
     */
    void update(S newState);

    /** Drops the value. A timeout set in this call is kept and will still fire. */
    void remove();

    /** True only in the call made because this key timed out; its values iterator is empty. */
    boolean hasTimedOut();

    /**
     * Times the key out when processing time passes now + duration (ProcessingTimeTimeout only).
     *
     * @throws UnsupportedOperationException in any other timeout mode
     * @throws IllegalArgumentException when the duration is not positive
     */
    void setTimeoutDuration(long durationMs);

    /**
     * {@link #setTimeoutDuration(long)} with a Spark interval string, e.g. "30 seconds" or "30s".
     */
    void setTimeoutDuration(String duration);

    /** {@link #setTimeoutDuration(long)} with a {@link Duration}. */
    void setTimeoutDuration(Duration duration);

    /**
     * Times the key out when the watermark passes this event-time timestamp (EventTimeTimeout
     * only).
     *
     * @throws UnsupportedOperationException in any other timeout mode
     * @throws IllegalArgumentException when not positive or earlier than the current watermark
     */
    void setTimeoutTimestamp(long timestampMs);

    /** {@link #setTimeoutTimestamp(long)} of {@code timestampMs} plus a Spark interval string. */
    void setTimeoutTimestamp(long timestampMs, String additionalDuration);

    /** {@link #setTimeoutTimestamp(long)} of {@code timestampMs} plus a {@link Duration}. */
    void setTimeoutTimestamp(long timestampMs, Duration additionalDuration);

    /**
     * The operator's current watermark. Only available with EventTimeTimeout, where Spark requires
     * a watermark; unlike Spark it is {@link Long#MIN_VALUE} until the first watermark arrives.
     *
     * @throws UnsupportedOperationException "Cannot get event time watermark timestamp without
     *     setting watermark before [map|flatMap]GroupsWithState" in the other modes
     */
    long getCurrentWatermarkMs();

    /** The processing time of this invocation (Spark: the batch's processing time). */
    long getCurrentProcessingTimeMs();

    /**
     * Flink extension, not in Spark's API: the deadline that was armed for this key when this call
     * began (the one that fired, in a timeout call), or empty. It is not changed by the set/remove
     * calls made during this call. Lets a function treat a record that arrives after its key's
     * deadline as a fresh start even before the timer has fired (e.g. the watermark has not passed
     * it yet): {@code if (state.getPendingTimeoutTimestampMs().orElse(Long.MAX_VALUE) < eventTime)
     * total = 0}.
     */
    OptionalLong getPendingTimeoutTimestampMs();
}
