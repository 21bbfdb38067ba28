package dev.statefuljobs.jobs;

import static dev.statefuljobs.jobs.ClicksPerMinuteJobTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.common.testing.KafkaRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jobs reading and writing a real Kafka broker (in this JVM), through the shared Kafka flags. */
class KafkaPipelineTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    /** The seed's transactions (running-total): user1 pays 50, 30, 40; user2 pays 20, 60. */
    static final List<String> TRANSACTIONS =
            List.of(
                    tx("user1", "tx1001", 1700000000, 50.0),
                    tx("user2", "tx1002", 1700000010, 20.0),
                    tx("user1", "tx1003", 1700000020, 30.0),
                    tx("user2", "tx1004", 1700000030, 60.0),
                    tx("user1", "tx1005", 1700000040, 40.0));

    static String tx(String user, String id, long seconds, double amount) {
        return "{\"userId\":\""
                + user
                + "\",\"transactionId\":\""
                + id
                + "\",\"transactionTime\":"
                + seconds
                + ",\"amount\":"
                + amount
                + "}";
    }

    static String click(String user, String time) {
        return "{\"user_id\":\""
                + user
                + "\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T"
                + time
                + "Z\"}";
    }

    /** The seed's clicks through Kafka, by the DataStream job and by its SQL twin. */
    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void clicksPerMinuteReadsAndWritesKafkaExactlyOnce(String impl) throws Exception {
        KafkaRun run =
                KafkaRun.of(
                        KAFKA,
                        JobCatalog.CLICKS_PER_MINUTE,
                        JobRun.lines(getClass(), "samples/clicks.jsonl"),
                        "--impl",
                        impl);
        assertEquals(
                List.of(
                        count("10:00", "10:01", "user1", 2),
                        count("10:01", "10:02", "user1", 1),
                        count("10:01", "10:02", "user2", 1),
                        count("10:02", "10:03", "user2", 1)),
                sorted(run.results()));
        assertEquals(List.of(), run.deadLetters());
    }

    /**
     * The seed's Kafka example, end to end: the topic transactions in, running totals out,
     * exactly-once; by GroupState and by the SQL twin.
     */
    @ParameterizedTest
    @ValueSource(strings = {"groupstate", "sql"})
    void runningTotalIsWrittenExactlyOnce(String impl) throws Exception {
        KafkaRun run = KafkaRun.of(KAFKA, JobCatalog.RUNNING_TOTAL, TRANSACTIONS, "--impl", impl);
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0), total("user1", 120.0)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 20.0), total("user2", 80.0)),
                forUser(run.results(), "user2"));
        assertEquals(List.of(), run.deadLetters());
    }

    /**
     * Results are keyed by userId, so on a 2-partition output topic each user's totals are in one
     * partition, in order, whichever partitions the users hash to. Two sink writers, so the output
     * is not one ordered stream. Records are stamped with their write time, not the seed's event
     * times (November 2023): the broker's retention check (every second in {@link KafkaBroker})
     * would delete records older than 7 days.
     */
    @Test
    void runningTotalsAreKeyedByUserAndInOrderWithinTheirPartition() throws Exception {
        long started = System.currentTimeMillis();
        StreamingJob job = JobCatalog.RUNNING_TOTAL;
        KafkaRun.Topics topics = KafkaRun.Topics.fresh(KAFKA, job, 1);
        String output = topics.output + "-keyed";
        KAFKA.createTopics(2, output, output + ".dlq", output + ".late");
        KAFKA.produce(topics.input, TRANSACTIONS);
        JobClient client =
                KafkaRun.start(KAFKA, job, topics.input, output, "--bounded", "--parallelism", "2");
        client.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        List<KafkaBroker.KeyedRecord> records = KAFKA.consumeAllWithKeys(output);
        assertEquals(5, records.size(), records.toString());
        long finished = System.currentTimeMillis();
        for (KafkaBroker.KeyedRecord r : records) {
            assertTrue(r.value().startsWith("{\"userId\":\"" + r.key() + "\","), r.toString());
            assertTrue(
                    r.timestamp() >= started && r.timestamp() <= finished,
                    "write time, not event time: " + r);
        }
        Map<String, Set<Integer>> partitionsByUser =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        KafkaBroker.KeyedRecord::key,
                                        Collectors.mapping(
                                                KafkaBroker.KeyedRecord::partition,
                                                Collectors.toSet())));
        assertEquals(Set.of("user1", "user2"), partitionsByUser.keySet());
        partitionsByUser.forEach(
                (user, partitions) -> assertEquals(1, partitions.size(), user + ": " + partitions));
        // consumeAllWithKeys returns each partition in offset order, so a user's records are in
        // their order.
        List<String> values =
                records.stream().map(KafkaBroker.KeyedRecord::value).collect(Collectors.toList());
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0), total("user1", 120.0)),
                forUser(values, "user1"));
        assertEquals(List.of(total("user2", 20.0), total("user2", 80.0)), forUser(values, "user2"));
    }

    /**
     * The SQL twin's table decodes the topic's records with 'format' = 'json': a poison record
     * lands in the dead-letter topic with flink-json's reason and its offset, and the others are
     * counted.
     */
    @Test
    void aPoisonRecordOfAnSqlTwinLandsInTheDeadLetterTopic() throws Exception {
        KafkaRun run =
                KafkaRun.of(
                        KAFKA,
                        JobCatalog.CLICKS_PER_MINUTE,
                        List.of(click("user1", "10:00:00"), "not json", click("user1", "10:00:20")),
                        "--impl",
                        "sql");
        assertEquals(List.of(count("10:00", "10:01", "user1", 2)), run.results());
        assertEquals(1, run.deadLetters().size(), run.deadLetters().toString());
        assertTrue(
                run.deadLetters()
                        .get(0)
                        .matches(
                                "\\{\"source\":\"clicks-per-minute/kafka:clicks-\\d+/0@1\","
                                        + "\"reason\":\"json format: Unrecognized token 'not'.*"),
                run.deadLetters().toString());
    }

    @Test
    void poisonMessagesLandInTheDeadLetterTopicWithTheirReason() throws Exception {
        KafkaRun run =
                KafkaRun.ofBytes(
                        KAFKA,
                        JobCatalog.CLICKS_PER_MINUTE,
                        List.of(
                                click("user1", "10:00:00").getBytes(StandardCharsets.UTF_8),
                                "not json".getBytes(StandardCharsets.UTF_8),
                                new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
        assertEquals(List.of(count("10:00", "10:01", "user1", 1)), run.results());
        assertEquals(2, run.deadLetters().size(), run.deadLetters().toString());
        assertTrue(
                run.deadLetters().stream()
                        .anyMatch(
                                d ->
                                        d.contains("\"reason\":\"malformed JSON")
                                                && d.contains("\"raw\":\"not json\"")),
                run.deadLetters().toString());
        // The source names the record's topic, partition and offset; the invalid UTF-8 is kept in
        // base64.
        assertTrue(
                run.deadLetters().stream()
                        .anyMatch(
                                d ->
                                        d.matches(
                                                "\\{\"source\":\"clicks-per-minute/kafka:clicks-\\d+/0@2\","
                                                        + "\"reason\":\"not valid UTF-8\",\"raw_base64\":\"e8MofQ==\"}")),
                run.deadLetters().toString());
    }

    /**
     * Unbounded, so the end of input cannot flush the windows: partition 1 of the topic never gets
     * a record, and the window of partition 0's first clicks must still close once a later click in
     * partition 0 passes its end.
     */
    @Test
    void anIdlePartitionDoesNotStallWindows() throws Exception {
        StreamingJob job = JobCatalog.CLICKS_PER_MINUTE;
        KafkaRun.Topics topics = KafkaRun.Topics.fresh(KAFKA, job, 2);
        KAFKA.produceBytes(
                topics.input,
                0,
                List.of(
                                click("user1", "10:00:00"),
                                click("user1", "10:00:20"),
                                click("user1", "10:01:30"))
                        .stream()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .collect(Collectors.toList()));
        JobClient client =
                KafkaRun.start(
                        KAFKA,
                        job,
                        topics.input,
                        topics.output,
                        "--parallelism",
                        "1",
                        "--idle-timeout",
                        "1s",
                        "--delivery",
                        "at-least-once");
        try {
            assertEquals(
                    List.of(count("10:00", "10:01", "user1", 2)),
                    KAFKA.awaitRecords(topics.output, 1, Duration.ofSeconds(60)));
        } finally {
            client.cancel().get();
        }
    }

    @Test
    void exactlyOnceTurnsCheckpointingOnWhenItIsOffAndKeepsAConfiguredInterval() {
        String[] args = {
            "--source", "kafka", "--sink", "kafka", "--bootstrap-servers", KAFKA.bootstrapServers()
        };
        StreamExecutionEnvironment off = StreamExecutionEnvironment.getExecutionEnvironment();
        JobLauncher.build(off, JobCatalog.CLICKS_PER_MINUTE, flags(args));
        assertEquals(
                JobLauncher.DEFAULT_CHECKPOINT_INTERVAL.toMillis(),
                off.getCheckpointConfig().getCheckpointInterval());

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(3));
        StreamExecutionEnvironment configured =
                StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobLauncher.build(configured, JobCatalog.CLICKS_PER_MINUTE, flags(args));
        assertEquals(3000, configured.getCheckpointConfig().getCheckpointInterval());

        StreamExecutionEnvironment atLeastOnce =
                StreamExecutionEnvironment.getExecutionEnvironment();
        JobLauncher.build(
                atLeastOnce,
                JobCatalog.CLICKS_PER_MINUTE,
                flags("--source", "kafka", "--sink", "kafka", "--delivery", "at-least-once"));
        assertFalse(atLeastOnce.getCheckpointConfig().isCheckpointingEnabled());
    }

    @Test
    void aKafkaSourceSendsNetworkBuffersAfter1msUnlessToldOtherwise() {
        StreamExecutionEnvironment kafka = StreamExecutionEnvironment.getExecutionEnvironment();
        JobLauncher.build(kafka, JobCatalog.CLICKS_PER_MINUTE, flags("--source", "kafka"));
        assertEquals(1, kafka.getBufferTimeout());

        StreamExecutionEnvironment throughput =
                StreamExecutionEnvironment.getExecutionEnvironment();
        JobLauncher.build(
                throughput,
                JobCatalog.CLICKS_PER_MINUTE,
                flags("--source", "kafka", "--latency", "throughput"));
        assertEquals(100, throughput.getBufferTimeout(), "Flink's default");

        StreamExecutionEnvironment generator = StreamExecutionEnvironment.getExecutionEnvironment();
        JobLauncher.build(generator, JobCatalog.CLICKS_PER_MINUTE, flags("--source", "generator"));
        assertEquals(100, generator.getBufferTimeout());

        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(5));
        StreamExecutionEnvironment configured =
                StreamExecutionEnvironment.getExecutionEnvironment(conf);
        JobLauncher.build(configured, JobCatalog.CLICKS_PER_MINUTE, flags("--source", "kafka"));
        assertEquals(5, configured.getBufferTimeout(), "a configured timeout is kept");
    }

    @Test
    void kafkaFlagsAreRefusedForOtherSourcesAndSinks() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                JobRun.withArgs(
                                        JobCatalog.CLICKS_PER_MINUTE,
                                        "--web-ui",
                                        "off",
                                        "--topic",
                                        "clicks"));
        assertTrue(
                e.getMessage().startsWith("Unknown flag(s) for clicks-per-minute: --topic"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        JobRun.withArgs(
                                JobCatalog.CLICKS_PER_MINUTE,
                                "--web-ui",
                                "off",
                                "--sink",
                                "kafka",
                                "--delivery",
                                "twice"));
    }

    private static JobFlags flags(String... args) {
        return JobFlags.parse(
                JobCatalog.CLICKS_PER_MINUTE.name(), JobCatalog.CLICKS_PER_MINUTE.flags(), args);
    }

    static String total(String user, double total) {
        return "{\"userId\":\"" + user + "\",\"total\":" + total + "}";
    }

    private static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(r -> r.contains("\"" + user + "\""))
                .collect(Collectors.toList());
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }
}
