package dev.statefuljobs.common.tws;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The TTL of one state variable: the deadline of each write, and whether a deadline has passed.
 * Processing-time TTL counts from the call's processing time and compares with the processing time;
 * event-time TTL counts from the event time of the call's writes and compares with the watermark
 * (in a timer's call, with the timer's time: see {@link Call}). A value expires when its clock
 * <em>reaches</em> its deadline, as Spark's processing-time TTL does and as Flink timers fire.
 *
 * <p>Values are stored as {@code Tuple2<value, deadline>}: Flink serializes tuples itself (no
 * Kryo), and every value, list element or map entry carries its own deadline.
 */
final class Ttl {

    private final String stateName;
    private final long ttlMs;
    private final boolean eventTime;
    private final KeyTimers timers;

    Ttl(String stateName, TTLConfig config, KeyTimers timers) {
        this.stateName = stateName;
        this.ttlMs = config.ttlDuration().toMillis();
        this.eventTime = config.clock() == TimeMode.EventTime;
        this.timers = timers;
    }

    /**
     * The value to store for a write in {@code call}: the value with its deadline. Makes sure the
     * key's cleanup timer runs by then.
     */
    <T> Tuple2<T, Long> written(T value, Call call) throws Exception {
        return Tuple2.of(value, deadlineOfWrite(call));
    }

    /** The deadline of a write in {@code call}, with the key's cleanup timer armed by then. */
    long deadlineOfWrite(Call call) throws Exception {
        long writtenAt =
                eventTime ? call.eventTimeOfWrites(stateName) : call.getCurrentProcessingTimeInMs();
        long deadline = saturatedAdd(writtenAt, ttlMs);
        timers.cleanupBy(deadline, call.timers());
        return deadline;
    }

    boolean expired(long deadline, Call call) {
        long now = eventTime ? call.eventTimeNow() : call.getCurrentProcessingTimeInMs();
        return now >= deadline;
    }

    /** Whether a stored value is live in {@code call}: present and not expired. */
    boolean live(Tuple2<?, Long> stored, Call call) {
        return stored != null && !expired(stored.f1, call);
    }

    private static long saturatedAdd(long time, long duration) {
        long sum = time + duration;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
