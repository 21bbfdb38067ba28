package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.GroupStateImpl.NO_TIMESTAMP;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event-time TTL of a GroupState value ({@link GroupStateFunction#withTtl}): per key, the event
 * time at which the value expires, in the keyed state {@value GroupStateFunction#EXPIRES_AT_STATE},
 * and an event-time cleanup timer at exactly that time.
 *
 * <p>A call that writes the value moves its expiry to the call's event time (the record's
 * timestamp; a timeout's timer time) plus the TTL, as the transformWithState port's TTL counts; a
 * call that removes it drops both. The cleanup timer lives in the operator's one event-time timer
 * service beside the timeout's, so the two may share a timestamp: a timer is deleted only when
 * neither needs it, and re-registered when the timeout's rearm deleted the one they shared.
 */
final class EventTimeTtl {

    private final long ttlMs;
    private final ValueState<Long> expiresAt;

    EventTimeTtl(long ttlMs, ValueState<Long> expiresAt) {
        this.ttlMs = ttlMs;
        this.expiresAt = expiresAt;
    }

    /** The key's expiry, or {@link GroupStateImpl#NO_TIMESTAMP} (no value, or not written yet). */
    long expiresAt() throws IOException {
        Long stored = expiresAt.value();
        return stored == null ? NO_TIMESTAMP : stored;
    }

    /** Whether a value expiring at {@code expiresAt} has expired at event time {@code now}. */
    static boolean expired(long expiresAt, long now) {
        return expiresAt != NO_TIMESTAMP && now >= expiresAt;
    }

    /** Drops the expiry and its cleanup timer. */
    void clear(long before, TimerService timers) {
        if (before != NO_TIMESTAMP) {
            timers.deleteEventTimeTimer(before);
            expiresAt.clear();
        }
    }

    /**
     * After a call made at event time {@code eventTime}: moves the expiry ({@code before}) as the
     * call changed the value, and its cleanup timer.
     *
     * @param deletedTimeoutTimer the timeout timer the call's rearm deleted, or NO_TIMESTAMP
     * @param timeoutTimer the timeout timer armed now, or NO_TIMESTAMP
     */
    void afterCall(
            long before,
            GroupStateImpl<?> state,
            long eventTime,
            long deletedTimeoutTimer,
            long timeoutTimer,
            TimerService timers)
            throws IOException {
        long after =
                state.removedValue()
                        ? NO_TIMESTAMP
                        : state.wroteValue() ? saturatedAdd(eventTime, ttlMs) : before;
        if (before != NO_TIMESTAMP && before != after && before != timeoutTimer) {
            timers.deleteEventTimeTimer(before);
        }
        if (after == NO_TIMESTAMP) {
            if (before != NO_TIMESTAMP) {
                expiresAt.clear();
            }
        } else if (after != before) {
            expiresAt.update(after);
            timers.registerEventTimeTimer(after);
        } else if (after == deletedTimeoutTimer) {
            timers.registerEventTimeTimer(after);
        }
    }

    private static long saturatedAdd(long time, long duration) {
        long sum = time + duration;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
