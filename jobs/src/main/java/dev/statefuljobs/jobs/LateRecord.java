package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * An event that reached an EventTimeTimeout operator at or behind its watermark (Spark drops these; we
 * keep them on the late output): what it was, whose, when, and where it was too late, e.g.
 * {@code {"late":"click","key":"user1","event_time":"2023-07-30T10:00:10Z","operator":"user sessions",
 * "reason":"at or behind the watermark"}}.
 */
public class LateRecord implements JsonRecord {
    public String kind;
    /** The event's own id (a transaction's), or null. */
    public String id;
    public String key;
    public long eventTime;
    public String operator;

    public LateRecord() {}

    public LateRecord(String kind, String id, String key, long eventTime, String operator) {
        this.kind = kind;
        this.id = id;
        this.key = key;
        this.eventTime = eventTime;
        this.operator = operator;
    }

    public static LateRecord of(Click click, String operator) {
        return new LateRecord("click", null, click.userId, click.timestamp, operator);
    }

    public static LateRecord of(Transaction tx, String operator) {
        return new LateRecord("transaction", tx.transactionId, tx.userId, tx.transactionTime, operator);
    }

    @Override
    public String toJson() {
        JsonLine json = JsonLine.object().field("late", kind);
        if (id != null) {
            json.field("id", id);
        }
        return json.field("key", key).instant("event_time", eventTime)
                .field("operator", operator).field("reason", "at or behind the watermark").toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
