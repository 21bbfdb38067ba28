package dev.statefuljobs.common.tws;

/** A state variable with TTL: its expired values can be removed, and it knows its next expiry. */
interface ExpiringState extends StateVariable {

    /** No pending expiry. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Removes the current key's expired values from Flink state and returns the earliest deadline
     * of the values left, or {@link #NO_DEADLINE}.
     */
    long purgeExpired(Call call) throws Exception;
}
