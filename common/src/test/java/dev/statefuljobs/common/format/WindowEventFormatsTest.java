package dev.statefuljobs.common.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The formats of the window jobs: sensor readings, log lines, visits, chat messages. */
class WindowEventFormatsTest {

    private static final Map<String, EventFormat<? extends JsonRecord>> FORMATS =
            Map.of(
                    "sensor", new SensorReadingFormat(),
                    "log", new LogLineFormat(),
                    "visit", new VisitFormat(),
                    "chat", new ChatMessageFormat());

    private static final long TEN_O_CLOCK = Instant.parse("2025-03-29T10:00:00Z").toEpochMilli();

    /**
     * A good line parses, its event time is the timestamp, and its JSON form is the line
     * normalised.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sensor|{\"sensor_id\":\"s1\",\"temperature\":21.5,\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"sensor_id\":\"s1\",\"temperature\":21.5,\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "sensor|{\"timestamp\":\"2025-03-29T12:00:00+02:00\",\"temperature\":-3,\"sensor_id\":\"s1\",\"x\":[1]}|{\"sensor_id\":\"s1\",\"temperature\":-3.0,\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "log|{\"service\":\"checkout\",\"level\":\"ERROR\",\"message\":\"boom\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"service\":\"checkout\",\"level\":\"ERROR\",\"message\":\"boom\",\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "log|{\"service\":\"checkout\",\"level\":\"info\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"service\":\"checkout\",\"level\":\"info\",\"message\":null,\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "visit|{\"page\":\"/home\",\"visitor_id\":\"v1\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"page\":\"/home\",\"visitor_id\":\"v1\",\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "chat|{\"user_id\":\"u1\",\"message\":\"hi \\\"you\\\"\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"user_id\":\"u1\",\"message\":\"hi \\\"you\\\"\",\"timestamp\":\"2025-03-29T10:00:00Z\"}",
                "chat|{\"user_id\":\"u1\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|{\"user_id\":\"u1\",\"message\":null,\"timestamp\":\"2025-03-29T10:00:00Z\"}",
            })
    void parsesGoodLines(String format, String line, String json) throws Exception {
        assertEquals(json, parse(format, line).toJson());
        assertEquals(TEN_O_CLOCK, eventTime(format, line));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sensor|not json|malformed JSON",
                "sensor|{\"temperature\":1,\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'sensor_id'",
                "sensor|{\"sensor_id\":\"s1\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'temperature'",
                "sensor|{\"sensor_id\":\"s1\",\"temperature\":null,\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'temperature'",
                "sensor|{\"sensor_id\":\"s1\",\"temperature\":\"hot\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|field 'temperature' must be a number, got string",
                "sensor|{\"sensor_id\":\"s1\",\"temperature\":1}|missing field 'timestamp'",
                "log|{\"level\":\"ERROR\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'service'",
                "log|{\"service\":\"a\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'level'",
                "log|{\"service\":\"a\",\"level\":\"\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|field 'level' must not be empty",
                "log|{\"service\":\"a\",\"level\":\"ERROR\",\"timestamp\":\"2025-03-29 10:00:00\"}|field 'timestamp' is not an ISO-8601 instant",
                "visit|{\"visitor_id\":\"v1\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'page'",
                "visit|{\"page\":\"/\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'visitor_id'",
                "visit|{\"page\":\"/\",\"visitor_id\":7,\"timestamp\":\"2025-03-29T10:00:00Z\"}|field 'visitor_id' must be a string, got number_int",
                "chat|{\"message\":\"hi\",\"timestamp\":\"2025-03-29T10:00:00Z\"}|missing field 'user_id'",
                "chat|{\"user_id\":\"u1\",\"timestamp\":1743242400}|field 'timestamp' must be a string, got number_int",
                "chat|[]|not a JSON object",
            })
    void refusesBadLinesWithAReason(String format, String line, String reason) {
        InvalidRecordException e =
                assertThrows(InvalidRecordException.class, () -> parse(format, line));
        assertTrue(
                e.getMessage().contains(reason),
                () -> "reason '" + e.getMessage() + "' lacks '" + reason + "'");
    }

    @Test
    void errorLevelIsMatchedInAnyCase() throws Exception {
        LogLineFormat logs = new LogLineFormat();
        assertTrue(
                logs.parse(
                                "{\"service\":\"a\",\"level\":\"error\",\"timestamp\":\"2025-03-29T10:00:00Z\"}")
                        .isError());
        assertFalse(
                logs.parse(
                                "{\"service\":\"a\",\"level\":\"WARN\",\"timestamp\":\"2025-03-29T10:00:00Z\"}")
                        .isError());
    }

    private static JsonRecord parse(String format, String line) throws InvalidRecordException {
        return FORMATS.get(format).parse(line);
    }

    @SuppressWarnings("unchecked")
    private static long eventTime(String format, String line) throws InvalidRecordException {
        EventFormat<JsonRecord> f = (EventFormat<JsonRecord>) FORMATS.get(format);
        return f.eventTime(f.parse(line));
    }
}
