package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * The current key's timers, all in the operator's one time domain. Two owners share Flink's timers:
 *
 * <ul>
 *   <li>the processor's timers, kept in the keyed map state {@value #USER_TIMERS} (time to true),
 *       because Flink's timer service cannot list a key's timers;
 *   <li>the TTL cleanup: at most one timer per key, at the time in the keyed state {@value
 *       #TTL_CLEANUP}, never shown to the processor.
 * </ul>
 *
 * Flink keeps one timer per key and time, so a Flink timer is deleted only when neither owner needs
 * its time any more.
 */
final class KeyTimers {

    /** Keyed map state: the processor's pending timers. */
    static final String USER_TIMERS = "$timers";

    /** Keyed value state: the time of the key's TTL cleanup timer. */
    static final String TTL_CLEANUP = "$ttlCleanup";

    private final TimeDomain domain;
    private final MapState<Long, Boolean> userTimers;
    private final ValueState<Long> cleanupAt;

    KeyTimers(TimeDomain domain, MapState<Long, Boolean> userTimers, ValueState<Long> cleanupAt) {
        this.domain = domain;
        this.userTimers = userTimers;
        this.cleanupAt = cleanupAt;
    }

    TimeDomain domain() {
        return domain;
    }

    void register(long time, TimerService flink) throws Exception {
        if (!userTimers.contains(time)) {
            userTimers.put(time, true);
            register(flink, time);
        }
    }

    void delete(long time, TimerService flink) throws Exception {
        if (userTimers.contains(time)) {
            userTimers.remove(time);
            if (!isCleanupAt(time)) {
                delete(flink, time);
            }
        }
    }

    /** Ascending: a map state's iteration order depends on the backend. */
    List<Long> list() throws Exception {
        List<Long> times = new ArrayList<>();
        userTimers.keys().forEach(times::add);
        Collections.sort(times);
        return times;
    }

    /** Removes a processor timer that fired at {@code time}; false if it has none there. */
    boolean userTimerFired(long time) throws Exception {
        if (!userTimers.contains(time)) {
            return false;
        }
        userTimers.remove(time);
        return true;
    }

    boolean isCleanupAt(long time) throws Exception {
        Long at = cleanupAt.value();
        return at != null && at == time;
    }

    /** Makes the TTL cleanup run no later than {@code deadline}. */
    void cleanupBy(long deadline, TimerService flink) throws Exception {
        Long at = cleanupAt.value();
        if (at == null || deadline < at) {
            scheduleCleanup(deadline, flink);
        }
    }

    /**
     * Sets the TTL cleanup to {@code time} exactly, {@link TtlStateVariable#NO_DEADLINE} for none,
     * releasing the previous cleanup timer.
     */
    void scheduleCleanup(long time, TimerService flink) throws Exception {
        Long at = cleanupAt.value();
        if (at != null && at == time) {
            return;
        }
        if (at != null && !userTimers.contains(at)) {
            delete(flink, at); // a no-op for the timer firing now
        }
        if (time == TtlStateVariable.NO_DEADLINE) {
            cleanupAt.clear();
        } else {
            register(flink, time);
            cleanupAt.update(time);
        }
    }

    private void register(TimerService flink, long time) {
        if (domain == TimeDomain.EVENT_TIME) {
            flink.registerEventTimeTimer(time);
        } else {
            flink.registerProcessingTimeTimer(time);
        }
    }

    private void delete(TimerService flink, long time) {
        if (domain == TimeDomain.EVENT_TIME) {
            flink.deleteEventTimeTimer(time);
        } else {
            flink.deleteProcessingTimeTimer(time);
        }
    }
}
