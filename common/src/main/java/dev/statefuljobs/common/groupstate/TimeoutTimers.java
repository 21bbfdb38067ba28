package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.GroupStateImpl.NO_TIMESTAMP;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * The timeout bookkeeping of a GroupState operator: per key, the armed deadline (ms) in the keyed
 * state {@value GroupStateFunction#TIMEOUT_STATE} and a timer for it, in event time for {@link
 * GroupStateTimeout#EventTimeTimeout} and in processing time otherwise.
 *
 * <p>A deadline fires at the timer {@code deadline + 1}, so a key times out strictly after its
 * deadline, as in Spark (event time: when the watermark is greater than the timestamp; processing
 * time: when the clock is past the deadline). A record always wins over a deadline that passed but
 * has not fired yet: its call clears the timeout like any other call.
 *
 * <p>Timers are re-armed lazily, because a deadline that moves later on every record (a session
 * gap, an expiry after the latest event) would otherwise cost a timer delete and a register per
 * record: two writes on RocksDB. The invariant: a key with a deadline has a timer at or before
 * {@code deadline + 1}.
 *
 * <ul>
 *   <li>A deadline that moves later keeps the earlier timer; only the stored deadline changes.
 *   <li>A timer that fires before its key's deadline is stale: it registers the timer at {@code
 *       deadline + 1} and does nothing else ({@link #firing}). Timers fire in time order, so the
 *       deadline fires at the same watermark or clock, in the same order, as with one timer.
 *   <li>A deadline that moves earlier than the key's timer deletes that timer and registers its
 *       own; a removed deadline deletes the timer.
 * </ul>
 *
 * <p>Which earlier timer a key kept is remembered on the heap of this subtask only, not in state (a
 * keyed state for it would cost a read per record, what lazy re-arming saves). After a restore it
 * is not known: a deadline that then moves earlier or is removed deletes the timer at its own
 * {@code deadline + 1} instead, and a timer kept from before the restore stays until it fires into
 * a key without a deadline, or with a later one, where it does nothing or re-arms. Which timeouts
 * fire, and when, never depends on it.
 *
 * <p>With the event-time TTL ({@link EventTimeTtl}), which shares the event-time timer service and
 * must know which timers the timeout holds, timers are re-armed eagerly: one timer per key at
 * exactly {@code deadline + 1}, deleted when the deadline changes. A timer before the deadline
 * (kept by a lazy run whose savepoint this run restored) re-arms the same way in both.
 */
final class TimeoutTimers {

    private final GroupStateTimeout mode;
    private final TimeDomain domain;
    private final ValueState<Long> deadline;

    /**
     * Per key whose deadline moved later than its timer: that timer. Null for eager timers. Only
     * this subtask's keys, and only while such a timer is pending.
     */
    private final Map<Object, Long> kept;

    /**
     * @param lazy whether to re-arm lazily; eager keeps one timer per deadline
     */
    TimeoutTimers(GroupStateTimeout mode, ValueState<Long> deadline, boolean lazy) {
        this.mode = mode;
        this.domain =
                mode == GroupStateTimeout.EventTimeTimeout
                        ? TimeDomain.EVENT_TIME
                        : TimeDomain.PROCESSING_TIME;
        this.deadline = deadline;
        this.kept = lazy ? new HashMap<>() : null;
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
     * The deadline a timer of {@code key} fires for, or {@link GroupStateImpl#NO_TIMESTAMP} when it
     * does not fire one: the key has no deadline, or a later one (then the timer re-arms at the
     * deadline), or the timer is not the timeout's.
     */
    long firing(Object key, long time, TimeDomain timerDomain, TimerService timers)
            throws IOException {
        if (timerDomain != domain) {
            return NO_TIMESTAMP;
        }
        if (kept != null) {
            kept.remove(key, time); // the kept timer, if this is it, is gone
        }
        Long stored = deadline.value();
        if (stored == null) {
            return NO_TIMESTAMP;
        }
        long due = timerFor(stored);
        if (due > time) {
            // The deadline moved later while this timer was kept. Eagerly armed, the timer at due
            // is there already, and registering it again changes nothing.
            register(timers, due);
            return NO_TIMESTAMP;
        }
        return due == time ? stored : NO_TIMESTAMP;
    }

    /**
     * After a call, replaces the deadline armed before it ({@code pending}) with the one it set
     * ({@code next}), either possibly {@link GroupStateImpl#NO_TIMESTAMP}. A timed-out call's timer
     * has fired: none to keep or delete.
     *
     * @return the event-time timer it deleted, or {@link GroupStateImpl#NO_TIMESTAMP}: an
     *     event-time TTL cleanup at the same time lost its timer too ({@link EventTimeTtl})
     */
    long rearm(Object key, long pending, long next, boolean timedOut, TimerService timers)
            throws IOException {
        if (next == pending && !timedOut) {
            return NO_TIMESTAMP; // same deadline re-armed: keep the timer
        }
        boolean armed = pending != NO_TIMESTAMP && !timedOut;
        if (kept != null && armed) {
            rearmLazily(key, pending, next, timers);
            return NO_TIMESTAMP;
        }
        long deleted = NO_TIMESTAMP;
        if (armed) {
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
     * Moves an armed deadline ({@code pending}, whose timer has not fired) to {@code next}, which
     * differs, keeping the key's one timer where it still serves.
     */
    private void rearmLazily(Object key, long pending, long next, TimerService timers)
            throws IOException {
        Long keptTimer = kept.get(key);
        long timer = keptTimer == null ? timerFor(pending) : keptTimer;
        if (next == NO_TIMESTAMP) {
            delete(timers, timer);
            if (keptTimer != null) {
                kept.remove(key);
            }
            deadline.clear();
            return;
        }
        long due = timerFor(next);
        if (timer < due) {
            if (keptTimer == null) {
                kept.put(key, timer); // fires before the deadline and re-arms there
            }
        } else {
            if (timer > due) { // moved earlier than the timer, which would fire too late
                delete(timers, timer);
                register(timers, due);
            }
            if (keptTimer != null) {
                kept.remove(key);
            }
        }
        deadline.update(next);
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
