package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;

/** A page visit: {@code {"page":"/home","visitor_id":"v1","timestamp":"2025-03-29T10:00:00Z"}}. */
public class Visit implements JsonRecord {
    public String page;
    public String visitorId;

    /** Event time, milliseconds since the epoch. */
    public long timestamp;

    public Visit() {}

    public Visit(String page, String visitorId, long timestamp) {
        this.page = page;
        this.visitorId = visitorId;
        this.timestamp = timestamp;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("page", page)
                .field("visitor_id", visitorId)
                .instant("timestamp", timestamp)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
