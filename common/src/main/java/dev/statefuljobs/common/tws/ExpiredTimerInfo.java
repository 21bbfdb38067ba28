package dev.statefuljobs.common.tws;

/** Spark's {@code ExpiredTimerInfo}: which of the key's timers fired. */
@FunctionalInterface
public interface ExpiredTimerInfo {

    /** The time the timer was registered for, in ms. */
    long getExpiryTimeInMs();
}
