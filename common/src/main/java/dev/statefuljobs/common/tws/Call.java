package dev.statefuljobs.common.tws;

import org.apache.flink.streaming.api.TimerService;

/**
 * One handler call for one key: the handler, Flink's timer service for the key, and the call's
 * times (its {@link TimerValues}, constant for the call). It also carries the event time that
 * event-time TTL counts the call's writes at.
 */
final class Call implements TimerValues {

    /** No event time: the watermark before the first one, or a record without a timestamp. */
    static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private final Handler handler;
    private final TimerService timers;
    private final long watermarkMs;
    private final long eventTimeOfWritesMs;

    /** Read on first use: a clock read per record is not free. */
    private long processingTimeMs;

    private boolean processingTimeRead;

    /** Whether the call removed TTL'd values: the key's TTL cleanup timer may be obsolete. */
    private boolean ttlValuesRemoved;

    private Call(Handler handler, TimerService timers, long eventTimeOfWritesMs) {
        this.handler = handler;
        this.timers = timers;
        this.watermarkMs = timers.currentWatermark();
        this.eventTimeOfWritesMs = eventTimeOfWritesMs;
    }

    /** handleInputRows: writes count at the record's timestamp (null: none). */
    static Call forRecord(TimerService timers, Long timestamp) {
        return new Call(Handler.INPUT_ROWS, timers, timestamp == null ? NO_EVENT_TIME : timestamp);
    }

    /** handleExpiredTimer, or the TTL cleanup: writes count at the timer's time. */
    static Call forTimer(TimerService timers, long time) {
        return new Call(Handler.EXPIRED_TIMER, timers, time);
    }

    /** handleInitialState: writes count at the watermark, if there is one yet. */
    static Call forInitialState(TimerService timers) {
        return new Call(Handler.INITIAL_STATE, timers, timers.currentWatermark());
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
