package dev.statefuljobs.common.groupstate;

import static dev.statefuljobs.common.groupstate.GroupStateFunction.ACTIVE_KEYS;
import static dev.statefuljobs.common.groupstate.GroupStateFunction.KEYS_CREATED;
import static dev.statefuljobs.common.groupstate.GroupStateFunction.KEYS_EXPIRED;
import static dev.statefuljobs.common.groupstate.GroupStateFunction.KEYS_REMOVED;

import java.util.Collections;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics of one GroupState operator subtask, so that bounded state is observable: the counters
 * {@value GroupStateFunction#KEYS_CREATED} and {@value GroupStateFunction#KEYS_REMOVED} count the
 * keys this subtask gave a value and removed one from since it started, {@value #TIMEOUTS} counts
 * fired timeouts, and the gauge {@value GroupStateFunction#ACTIVE_KEYS} is the number of keys with
 * a value.
 *
 * <p>The gauge survives restores: each subtask checkpoints its count in operator state (list
 * redistribution), so the sum over all subtasks stays exact across failures and rescaling, while a
 * single subtask's value is exact only until a rescale moves keys between subtasks. Keys dropped by
 * Flink's state TTL are not seen by the function and are not subtracted (use that TTL or the gauge,
 * not both, to watch state size); keys expired by the event-time TTL are, and are counted in
 * {@value GroupStateFunction#KEYS_EXPIRED}.
 */
final class GroupStateMetrics {

    /** Counter: timeouts fired by this subtask since it started. */
    static final String TIMEOUTS = "timeouts";

    private final ListState<Long> activeKeysState;
    private long activeKeys;
    private Counter keysCreated;
    private Counter keysRemoved;
    private Counter keysExpired;
    private Counter timeouts;

    /** Restores the gauge: after a rescale a subtask may get several subtasks' counts, or none. */
    GroupStateMetrics(OperatorStateStore operatorState) throws Exception {
        activeKeysState =
                operatorState.getListState(new ListStateDescriptor<>(ACTIVE_KEYS, Types.LONG));
        for (Long count : activeKeysState.get()) {
            activeKeys += count;
        }
    }

    /**
     * Registers the metrics; a function's metric group is there only once it opens, after its state
     * is restored.
     */
    void register(MetricGroup group) {
        timeouts = group.counter(TIMEOUTS);
        keysCreated = group.counter(KEYS_CREATED);
        keysRemoved = group.counter(KEYS_REMOVED);
        keysExpired = group.counter(KEYS_EXPIRED);
        group.gauge(ACTIVE_KEYS, (Gauge<Long>) this::activeKeys);
    }

    void snapshot() throws Exception {
        activeKeysState.update(Collections.singletonList(activeKeys));
    }

    /** Counts what a call did to its key: +1 gave it a value, -1 removed it, 0 neither. */
    void keyChanged(int delta) {
        if (delta > 0) {
            keysCreated.inc();
        } else if (delta < 0) {
            keysRemoved.inc();
        }
        activeKeys += delta;
    }

    /** A key's value expired (event-time TTL). */
    void expired() {
        keysExpired.inc();
        activeKeys -= 1;
    }

    void timedOut() {
        timeouts.inc();
    }

    long activeKeys() {
        return activeKeys;
    }

    long timeouts() {
        return timeouts.getCount();
    }
}
