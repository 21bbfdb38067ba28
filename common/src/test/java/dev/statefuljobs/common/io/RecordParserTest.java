package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.format.ClickFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RecordParserTest {

    private static final String GOOD =
            "{\"user_id\":\"u1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}";
    private final RecordParser<Click> parser = new RecordParser<>(new ClickFormat(), "test", 1024);

    @Test
    void aGoodLineBecomesAnEvent() {
        Parsed<Click> p = parser.parse(GOOD);
        assertTrue(p.isValid());
        assertEquals("u1", p.event.userId);
        assertNull(p.deadLetter);
    }

    @Test
    void aBadLineBecomesADeadLetterWithTheRawLineAndReason() {
        Parsed<Click> p = parser.parse("{\"user_id\":\"u1\"}");
        assertFalse(p.isValid());
        assertEquals(
                "{\"source\":\"test\",\"reason\":\"missing field 'eventtimestamp'\","
                        + "\"raw\":\"{\\\"user_id\\\":\\\"u1\\\"}\"}",
                p.deadLetter.toJson());
    }

    @Test
    void invalidUtf8IsKeptAsBase64() {
        byte[] bytes = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        Parsed<Click> p = parser.parse(bytes);
        assertEquals("not valid UTF-8", p.deadLetter.reason);
        assertEquals(Base64.getEncoder().encodeToString(bytes), p.deadLetter.rawBase64);
        assertTrue(
                p.deadLetter
                        .toJson()
                        .contains("\"raw_base64\":\"" + p.deadLetter.rawBase64 + "\""));
    }

    @Test
    void oversizedRecordsAreRefusedBeforeParsingAndTruncated() {
        String huge = "{\"user_id\":\"" + "x".repeat(5000) + "\"}";
        Parsed<Click> fromText = parser.parse(huge);
        assertEquals(
                "record of "
                        + huge.length()
                        + " bytes exceeds the limit of 1024 bytes (--max-record-bytes)",
                fromText.deadLetter.reason);
        assertTrue(fromText.deadLetter.truncated);
        assertEquals(RecordParser.MAX_RAW_KEPT, fromText.deadLetter.raw.length());

        Parsed<Click> fromBytes = parser.parse(huge.getBytes(StandardCharsets.UTF_8));
        assertEquals(fromText.deadLetter.reason, fromBytes.deadLetter.reason);
    }

    @Test
    void aNullKafkaValueIsADeadLetter() {
        assertEquals("record has no value (null)", parser.parse((byte[]) null).deadLetter.reason);
    }
}
