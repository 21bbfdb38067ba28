package dev.statefuljobs.common.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statefuljobs.common.events.Click;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickFormatTest {

    private final ClickFormat format = new ClickFormat();

    @Test
    void parsesTheSeedsClick() throws Exception {
        Click c =
                format.parse(
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:20Z\"}");
        assertEquals(
                new Click("user1", "click", Instant.parse("2023-07-30T10:00:20Z").toEpochMilli()),
                c);
        assertEquals(c.timestamp, format.eventTime(c));
    }

    @Test
    void acceptsOffsetsFieldOrderAndUnknownNestedFields() throws Exception {
        Click c =
                format.parse(
                        "{\"extra\":{\"a\":[1,{\"b\":2}]},\"eventtimestamp\":\"2023-07-30T12:00:00+02:00\","
                                + "\"user_id\":\"u\"}");
        assertEquals("u", c.userId);
        assertEquals(null, c.event);
        assertEquals(Instant.parse("2023-07-30T10:00:00Z").toEpochMilli(), c.timestamp);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|malformed JSON",
                "[1,2]|not a JSON object",
                "''|empty line",
                "{\"user_id\":\"u1\"}|missing field 'eventtimestamp'",
                "{\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}|missing field 'user_id'",
                "{\"user_id\":null,\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}|missing field 'user_id'",
                "{\"user_id\":42,\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}|field 'user_id' must be a string, got number_int",
                "{\"user_id\":\"\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}|field 'user_id' must not be empty",
                "{\"user_id\":\"u1\",\"eventtimestamp\":\"yesterday\"}|field 'eventtimestamp' is not an ISO-8601 instant: 'yesterday'",
                "{\"user_id\":\"u1\",\"eventtimestamp\":1690711200}|field 'eventtimestamp' must be a string, got number_int",
                "{\"user_id\":\"u1\",\"eventtimestamp\":\"1969-12-31T23:59:59Z\"}|out of range",
                "{\"user_id\":\"u1\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"} {}|trailing content",
                "{\"user_id\":\"u1\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"|malformed JSON",
            })
    void refusesBadLinesWithAReason(String line, String reason) {
        InvalidRecordException e =
                assertThrows(InvalidRecordException.class, () -> format.parse(line));
        if (!e.getMessage().contains(reason)) {
            throw new AssertionError(
                    "reason '" + e.getMessage() + "' does not contain '" + reason + "'");
        }
    }

    @Test
    void refusesDeepNesting() {
        String deep = "{\"user_id\":\"u\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        InvalidRecordException e =
                assertThrows(InvalidRecordException.class, () -> format.parse(deep));
        assertEquals(true, e.getMessage().startsWith("malformed JSON"), e.getMessage());
    }
}
