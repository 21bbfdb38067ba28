package dev.statefuljobs.common.format;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The seed's click JSON. {@code user_id} and {@code eventtimestamp} are required; {@code event} is
 * optional.
 */
public final class ClickFormat implements EventFormat<Click> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "clicks";
    }

    @Override
    public TypeInformation<Click> type() {
        return TypeInformation.of(Click.class);
    }

    @Override
    public Click read(JsonObjectReader r) throws InvalidRecordException {
        String userId = null;
        String event = null;
        long timestamp = 0;
        boolean hasTimestamp = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "user_id":
                    userId = r.isNull() ? null : r.nonEmptyString();
                    break;
                case "event":
                    event = r.isNull() ? null : r.string();
                    break;
                case "eventtimestamp":
                    if (!r.isNull()) {
                        timestamp = r.isoInstant();
                        hasTimestamp = true;
                    }
                    break;
                default:
                    r.skipValue();
            }
        }
        if (userId == null) throw JsonObjectReader.missing("user_id");
        if (!hasTimestamp) throw JsonObjectReader.missing("eventtimestamp");
        return new Click(userId, event, timestamp);
    }

    @Override
    public long eventTime(Click click) {
        return click.timestamp;
    }

    /**
     * {@code {"user_id":"user7","event":"click","eventtimestamp":"2025-01-01T00:00:00.100Z"}}; one
     * event in ten is a "view".
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("user_id", "user" + key)
                        .field("event", rnd.nextInt(10) == 0 ? "view" : "click")
                        .instant("eventtimestamp", time)
                        .toString();
    }
}
