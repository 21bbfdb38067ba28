package dev.statefuljobs.common.format;

import static dev.statefuljobs.common.format.JsonObjectReader.required;

import dev.statefuljobs.common.events.LogLine;
import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Log lines. {@code service}, {@code level} and {@code timestamp} (ISO-8601) are required; {@code
 * message} is optional.
 */
public final class LogLineFormat implements EventFormat<LogLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public TypeInformation<LogLine> type() {
        return Types.POJO(LogLine.class);
    }

    @Override
    public LogLine read(JsonObjectReader r) throws InvalidRecordException {
        String service = null;
        String level = null;
        String message = null;
        Long time = null;
        while (r.nextField()) {
            if (r.isNull()) continue;
            switch (r.name()) {
                case "service":
                    service = r.nonEmptyString();
                    break;
                case "level":
                    level = r.nonEmptyString();
                    break;
                case "message":
                    message = r.string();
                    break;
                case "timestamp":
                    time = r.isoInstant();
                    break;
                default:
                    r.skipValue();
            }
        }
        return new LogLine(
                required(service, "service"),
                required(level, "level"),
                message,
                required(time, "timestamp"));
    }

    @Override
    public long eventTime(LogLine logLine) {
        return logLine.timestamp;
    }

    /**
     * One line in five is an ERROR: {@code
     * {"service":"service3","level":"ERROR","message":...,"timestamp":...}}.
     */
    @Override
    public EventGenerator generator() {
        return (index, key, time, rnd) ->
                JsonLine.object()
                        .field("service", "service" + key)
                        .field("level", rnd.nextInt(5) == 0 ? "ERROR" : "INFO")
                        .field("message", "event " + index)
                        .instant("timestamp", time)
                        .toString();
    }
}
