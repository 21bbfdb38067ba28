package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.statefuljobs.common.flags.JobFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void withAKafkaSourceTheProducerSendsAtOnceUnlessToldOtherwise(@TempDir Path dir)
            throws Exception {
        assertEquals("0", producer("--source", "kafka").getProperty("linger.ms"));
        assertNull(
                producer("--source", "kafka", "--latency", "throughput").getProperty("linger.ms"),
                "Kafka's default");
        assertNull(producer("--source", "generator").getProperty("linger.ms"));
        Path settings = dir.resolve("client.properties");
        Files.writeString(settings, "linger.ms=20\n");
        assertEquals(
                "20",
                producer("--source", "kafka", "--kafka-properties", settings.toString())
                        .getProperty("linger.ms"));
    }

    private static Properties producer(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sink", "kafka"));
        return new KafkaSinks(
                        JobFlags.parse("running-total", List.of(), all.toArray(new String[0])))
                .producerProperties();
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
