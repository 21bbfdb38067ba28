package dev.statefuljobs.common.format;

import static dev.statefuljobs.common.format.JsonObjectReader.required;

import dev.statefuljobs.common.events.Visit;
import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Page visits. {@code page}, {@code visitor_id} and {@code timestamp} (ISO-8601) are required. */
public final class VisitFormat implements EventFormat<Visit> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "page-visits";
    }

    @Override
    public TypeInformation<Visit> type() {
        return Types.POJO(Visit.class);
    }

    @Override
    public Visit read(JsonObjectReader r) throws InvalidRecordException {
        String page = null;
        String visitorId = null;
        Long time = null;
        while (r.nextField()) {
            if (r.isNull()) continue;
            switch (r.name()) {
                case "page":
                    page = r.nonEmptyString();
                    break;
                case "visitor_id":
                    visitorId = r.nonEmptyString();
                    break;
                case "timestamp":
                    time = r.isoInstant();
                    break;
                default:
                    r.skipValue();
            }
        }
        return new Visit(
                required(page, "page"),
                required(visitorId, "visitor_id"),
                required(time, "timestamp"));
    }

    @Override
    public long eventTime(Visit visit) {
        return visit.timestamp;
    }

    /**
     * Visits of 50 visitors spread over the pages: {@code
     * {"page":"/page4","visitor_id":"visitor17","timestamp":...}}.
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("page", "/page" + key)
                        .field("visitor_id", "visitor" + rnd.nextInt(50))
                        .instant("timestamp", time)
                        .toString();
    }
}
