package dev.statefuljobs.common.tws;

import org.apache.flink.api.common.state.State;

/**
 * A state variable with TTL: its values carry deadlines ({@link Ttl}), its expired values can be
 * removed, and it knows its next deadline, for the key's TTL cleanup timer.
 */
abstract class TtlStateVariable extends KeyedStateVariable {

    /** No pending deadline. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    final Ttl ttl;

    TtlStateVariable(String kind, String name, CallScope scope, State state, Ttl ttl) {
        super(kind, name, scope, state);
        this.ttl = ttl;
    }

    /**
     * Removes the current key's expired values from Flink state and returns the earliest deadline
     * of the values left, or {@link #NO_DEADLINE}.
     */
    abstract long purgeExpired(Call call) throws Exception;

    /** The key's cleanup timer may now be earlier than needed, or not needed at all. */
    @Override
    void removed(Call call) {
        call.ttlValuesRemoved();
    }
}
