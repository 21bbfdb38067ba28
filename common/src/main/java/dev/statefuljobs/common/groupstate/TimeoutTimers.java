package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.GroupStateImpl.NO_TIMESTAMP;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * The timeout bookkeeping of a GroupState operator: per key, the armed deadline (ms) in the keyed
 * state {@value GroupStateFunction#TIMEOUT_STATE} and one timer for it, in event time for {@link
 * GroupStateTimeout#EventTimeTimeout} and in processing time otherwise.
 *
 * <p>Each deadline is a timer at {@code deadline + 1}, so a key times out strictly after its
 * deadline, as in Spark (event time: when the watermark is greater than the timestamp; processing
 * time: when the clock is past the deadline). A call deletes the previous timer unless it sets the
 * same deadline again, and {@link #firing} rejects any timer that does not match the stored
 * deadline, so only the latest deadline per key can fire. A record always wins over a deadline that
 * passed but has not fired yet: its call clears the timeout like any other call.
 */
final class TimeoutTimers {

    private final GroupStateTimeout mode;
    private final TimeDomain domain;
    private final ValueState<Long> deadline;

    TimeoutTimers(GroupStateTimeout mode, ValueState<Long> deadline) {
        this.mode = mode;
        this.domain =
                mode == GroupStateTimeout.EventTimeTimeout
                        ? TimeDomain.EVENT_TIME
                        : TimeDomain.PROCESSING_TIME;
        this.deadline = deadline;
    }

    /**
     * The key's armed deadline, or {@link GroupStateImpl#NO_TIMESTAMP}. NoTimeout never arms one,
     * so it skips the read (a second state access per record, a RocksDB get on that backend).
     */
    long pending() throws IOException {
        if (mode == GroupStateTimeout.NoTimeout) {
            return NO_TIMESTAMP;
        }
        Long stored = deadline.value();
        return stored == null ? NO_TIMESTAMP : stored;
    }

    /**
     * The deadline a timer fires for, or {@link GroupStateImpl#NO_TIMESTAMP} for a stale timer: one
     * that could not be deleted when its deadline was replaced or cleared, since only the latest
     * deadline may fire.
     */
    long firing(long time, TimeDomain timerDomain) throws IOException {
        Long stored = deadline.value();
        return stored == null || timerFor(stored) != time || timerDomain != domain
                ? NO_TIMESTAMP
                : stored;
    }

    /**
     * After a call, replaces the deadline armed before it ({@code pending}) with the one it set
     * ({@code next}), either possibly {@link GroupStateImpl#NO_TIMESTAMP}. A timed-out call's timer
     * has fired: none to keep or delete.
     *
     * @return the event-time timer it deleted, or {@link GroupStateImpl#NO_TIMESTAMP}: an
     *     event-time TTL cleanup at the same time lost its timer too ({@link EventTimeTtl})
     */
    long rearm(long pending, long next, boolean timedOut, TimerService timers) throws IOException {
        if (next == pending && !timedOut) {
            return NO_TIMESTAMP; // same deadline re-armed: keep the timer
        }
        long deleted = NO_TIMESTAMP;
        if (pending != NO_TIMESTAMP && !timedOut) {
            delete(timers, timerFor(pending));
            deleted = eventTimer(pending);
        }
        if (next == NO_TIMESTAMP) {
            deadline.clear();
        } else {
            register(timers, timerFor(next));
            deadline.update(next);
        }
        return deleted;
    }

    /**
     * The event-time timer of a deadline, or {@link GroupStateImpl#NO_TIMESTAMP} (no deadline, or
     * processing-time timeouts).
     */
    long eventTimer(long deadline) {
        return deadline == NO_TIMESTAMP || domain != TimeDomain.EVENT_TIME
                ? NO_TIMESTAMP
                : timerFor(deadline);
    }

    /** Long.MAX_VALUE has no successor: its timer fires at the end of input. */
    private static long timerFor(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline + 1;
    }

    private void register(TimerService timers, long time) {
        if (domain == TimeDomain.EVENT_TIME) {
            timers.registerEventTimeTimer(time);
        } else {
            timers.registerProcessingTimeTimer(time);
        }
    }

    private void delete(TimerService timers, long time) {
        if (domain == TimeDomain.EVENT_TIME) {
            timers.deleteEventTimeTimer(time);
        } else {
            timers.deleteProcessingTimeTimer(time);
        }
    }
}
