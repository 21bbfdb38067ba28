package dev.statefuljobs.common.tws;

import org.apache.flink.streaming.api.TimerService;

/**
 * One handler call for one key: the handler, Flink's timer service for the key, and the call's
 * times (its {@link TimerValues}, constant for the call). It also carries the two event times of
 * event-time TTL: the time the call's writes count at, and the time expiry is judged at. A record's
 * call judges at the watermark; a timer's call at the timer's time, where the watermark sweeping
 * through the key's timers stands (timers and TTL cleanups fire in time order), so what a timer
 * sees does not depend on how far a watermark jumped (the end of input jumps to the maximum).
 */
final class Call implements TimerValues {

    /** No event time: the watermark before the first one, or a record without a timestamp. */
    static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private final Handler handler;
    private final TimerService timers;
    private final long watermarkMs;
    private final long eventTimeOfWritesMs;
    private final long eventTimeNowMs;

    /** Read on first use: a clock read per record is not free. */
    private long processingTimeMs;

    private boolean processingTimeRead;

    /** Whether the call removed TTL'd values: the key's TTL cleanup timer may be obsolete. */
    private boolean ttlValuesRemoved;

    private Call(
            Handler handler, TimerService timers, long eventTimeOfWritesMs, long eventTimeNowMs) {
        this.handler = handler;
        this.timers = timers;
        this.watermarkMs = timers.currentWatermark();
        this.eventTimeOfWritesMs = eventTimeOfWritesMs;
        this.eventTimeNowMs = eventTimeNowMs;
    }

    /** handleInputRows: writes count at the record's timestamp (null: none). */
    static Call forRecord(TimerService timers, Long timestamp) {
        return new Call(
                Handler.INPUT_ROWS,
                timers,
                timestamp == null ? NO_EVENT_TIME : timestamp,
                timers.currentWatermark());
    }

    /** handleExpiredTimer, or the TTL cleanup: at the timer's time. */
    static Call forTimer(TimerService timers, long time) {
        return new Call(Handler.EXPIRED_TIMER, timers, time, time);
    }

    /**
     * handleInitialState: an initial row has no event time. On a fresh start (no watermark yet) its
     * writes get no event-time expiry until the key is written again, as GroupState's initial
     * values do; once a watermark exists, they count at it.
     */
    static Call forInitialState(TimerService timers) {
        long watermark = timers.currentWatermark();
        long writesAt = watermark == NO_EVENT_TIME ? Long.MAX_VALUE : watermark;
        return new Call(Handler.INITIAL_STATE, timers, writesAt, watermark);
    }

    Handler handler() {
        return handler;
    }

    TimerService timers() {
        return timers;
    }

    @Override
    public long getCurrentProcessingTimeInMs() {
        if (!processingTimeRead) {
            processingTimeMs = timers.currentProcessingTime();
            processingTimeRead = true;
        }
        return processingTimeMs;
    }

    @Override
    public long getCurrentWatermarkInMs() {
        return watermarkMs;
    }

    /** The event time at which event-time TTL judges whether a value has expired. */
    long eventTimeNow() {
        return eventTimeNowMs;
    }

    /** The event time that event-time TTL counts a write of {@code stateName} at. */
    long eventTimeOfWrites(String stateName) {
        if (eventTimeOfWritesMs == NO_EVENT_TIME) {
            throw new IllegalStateException(
                    "State variable '"
                            + stateName
                            + "' has an event-time TTL, which counts from the event time of each"
                            + " write, and this "
                            + handler
                            + " call has none: "
                            + (handler == Handler.INPUT_ROWS
                                    ? "the record has no timestamp (assign one with a"
                                            + " WatermarkStrategy)"
                                    : "no watermark has arrived yet"));
        }
        return eventTimeOfWritesMs;
    }

    void ttlValuesRemoved() {
        ttlValuesRemoved = true;
    }

    boolean removedTtlValues() {
        return ttlValuesRemoved;
    }
}
