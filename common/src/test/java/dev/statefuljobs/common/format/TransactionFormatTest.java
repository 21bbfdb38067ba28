package dev.statefuljobs.common.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Transaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionFormatTest {

    private final TransactionFormat format = new TransactionFormat();

    @Test
    void parsesEpochSecondsAsInTheSeedsSchema() throws Exception {
        Transaction t =
                format.parse(
                        "{\"userId\":\"user1\",\"transactionId\":\"tx1001\","
                                + "\"transactionTime\":1700000000,\"amount\":50.0}");
        assertEquals(new Transaction("user1", "tx1001", 1_700_000_000_000L, 50.0), t);
    }

    @Test
    void parsesTheWalkthroughsDateTimeAndIsoStrings() throws Exception {
        long expected = Instant.parse("2025-03-29T10:15:00Z").toEpochMilli();
        assertEquals(
                expected,
                format.parse(
                                "{\"userId\":\"u\",\"transactionTime\":\"2025-03-29 10:15:00\","
                                        + "\"amount\":1}")
                        .transactionTime);
        assertEquals(
                expected,
                format.parse(
                                "{\"userId\":\"u\",\"transactionTime\":\"2025-03-29T10:15:00Z\","
                                        + "\"amount\":1}")
                        .transactionTime);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"userId\":\"u\",\"transactionTime\":1700000000}|missing field 'amount'",
                "{\"userId\":\"u\",\"amount\":1.0}|missing field 'transactionTime'",
                "{\"transactionTime\":1700000000,\"amount\":1.0}|missing field 'userId'",
                "{\"userId\":\"u\",\"transactionTime\":1700000000,\"amount\":\"50\"}|field 'amount' must be a number, got string",
                "{\"userId\":\"u\",\"transactionTime\":1700000000,\"amount\":NaN}|malformed JSON",
                "{\"userId\":\"u\",\"transactionTime\":1700000000,\"amount\":1e400}|out of range for a double",
                "{\"userId\":\"u\",\"transactionTime\":99999999999999999999,\"amount\":1}|out of range for a long",
                "{\"userId\":\"u\",\"transactionTime\":-5,\"amount\":1}|epoch seconds out of range",
                "{\"userId\":\"u\",\"transactionTime\":\"2025-13-29 10:15:00\",\"amount\":1}|not a 'yyyy-MM-dd HH:mm:ss' time",
                "{\"userId\":\"u\",\"transactionTime\":true,\"amount\":1}|must be a string, got true",
            })
    void refusesBadTransactions(String line, String reason) {
        InvalidRecordException e =
                assertThrows(InvalidRecordException.class, () -> format.parse(line));
        assertTrue(
                e.getMessage().contains(reason),
                () -> "reason '" + e.getMessage() + "' lacks '" + reason + "'");
    }
}
