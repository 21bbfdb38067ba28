package dev.statefuljobs.jobs;

/**
 * The state of one user's open session: the seed's {@code {"session_start", "event_count"}} plus
 * the time of the last click, which decides when the session ends. A Flink POJO, so it is
 * serialized without Kryo.
 */
public class Session {
    /** Event time of the session's first click, ms. */
    public long start;

    /** Event time of its latest click, ms. */
    public long lastEvent;

    public long eventCount;

    public Session() {}

    public Session(long start, long lastEvent, long eventCount) {
        this.start = start;
        this.lastEvent = lastEvent;
        this.eventCount = eventCount;
    }
}
