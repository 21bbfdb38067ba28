package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    private static final long EVENT_TIME_2024 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    @Test
    void recordsCarryTheKeyAndJsonButNoTimestampSoTheProducerStampsTheWriteTime() {
        KafkaSinks.WriteTimeRecords records = new KafkaSinks.WriteTimeRecords("running-totals");

        ProducerRecord<byte[], byte[]> r =
                records.serialize(
                        new OutputLine("usér1", "{\"userId\":\"usér1\",\"total\":50.0}"),
                        null,
                        EVENT_TIME_2024);

        assertEquals("running-totals", r.topic());
        assertNull(r.partition(), "partitioned by key by the producer");
        assertNull(r.timestamp(), "no event-time timestamp: retention would measure age from it");
        assertArrayEquals("usér1".getBytes(StandardCharsets.UTF_8), r.key());
        assertArrayEquals(
                "{\"userId\":\"usér1\",\"total\":50.0}".getBytes(StandardCharsets.UTF_8),
                r.value());
    }

    @Test
    void resultsWithoutAKeyAreWrittenWithoutOne() {
        ProducerRecord<byte[], byte[]> r =
                new KafkaSinks.WriteTimeRecords("t")
                        .serialize(new OutputLine(null, "{}"), null, null);

        assertNull(r.key());
        assertNull(r.timestamp());
    }
}
