package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/**
 * A user's running total, as the seed prints it: {@code {"userId":"user1","total":50.0}}. When an
 * expiring total is cleared: {@code
 * {"userId":"user1","total":150.0,"expired":true,"expired_at":"2025-03-29T11:15:00Z"}}.
 */
public class RunningTotal implements JsonRecord {
    public String userId;
    public double total;
    public boolean expired;

    /** Only when expired: the event time at which the total expired, ms. */
    public long expiredAt;

    public RunningTotal() {}

    public RunningTotal(String userId, double total) {
        this.userId = userId;
        this.total = total;
    }

    public static RunningTotal expiredAt(String userId, double total, long expiredAt) {
        RunningTotal t = new RunningTotal(userId, total);
        t.expired = true;
        t.expiredAt = expiredAt;
        return t;
    }

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        JsonLine json = JsonLine.object().field("userId", userId).field("total", total);
        if (expired) {
            json.field("expired", true).instant("expired_at", expiredAt);
        }
        return json.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
