package dev.statefuljobs.common.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside the test JVM, on random
 * ports, for the whole test class: {@code @RegisterExtension static final KafkaBroker KAFKA = new
 * KafkaBroker();}. No Docker needed. Helpers create topics, produce lines or raw bytes, and read
 * topics back with {@code isolation.level=read_committed}, as a consumer of an exactly-once job
 * must.
 *
 * <p>{@link #saslPlain()} gives one whose listeners take only SASL_PLAINTEXT with mechanism PLAIN,
 * with ACLs enforced (no ACL, no access) for the test kit's users: {@link #ADMIN_USER} (a super
 * user, which the helpers use) and {@link #USER} (no ACLs to start with).
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    /** The SASL broker's super user, and its password. */
    public static final String ADMIN_USER = JaasUtils.KAFKA_PLAIN_ADMIN;

    public static final String ADMIN_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

    /** The SASL broker's ordinary user, and its password. */
    public static final String USER = JaasUtils.KAFKA_PLAIN_USER1;

    public static final String USER_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

    private final SecurityProtocol protocol;
    private KafkaClusterTestKit cluster;

    /** A PLAINTEXT broker without ACLs. */
    public KafkaBroker() {
        this(SecurityProtocol.PLAINTEXT);
    }

    private KafkaBroker(SecurityProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * A broker with SASL_PLAINTEXT/PLAIN on its broker and controller listeners and the standard
     * authorizer. The test kit writes its JAAS file and points the JVM-wide {@code
     * java.security.auth.login.config} at it; clients that pass {@code sasl.jaas.config} (as {@link
     * #saslPlainProperties} does) do not use it.
     */
    public static KafkaBroker saslPlain() {
        return new KafkaBroker(SecurityProtocol.SASL_PLAINTEXT);
    }

    /** Client properties for SASL_PLAINTEXT with mechanism PLAIN as the given user. */
    public static Properties saslPlainProperties(String user, String password) {
        Properties props = new Properties();
        props.put("security.protocol", SecurityProtocol.SASL_PLAINTEXT.name);
        props.put("sasl.mechanism", "PLAIN");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        return props;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerSecurityProtocol(protocol)
                        .setControllerSecurityProtocol(protocol)
                        .build();
        cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.partitions", "1")
                        // Time-based retention checked every second instead of every 5 minutes
                        // (from 1 s after start): a
                        // record stamped older than retention.ms (7 days) is deleted at once, so a
                        // sink that stamped its
                        // output with old event times fails the tests every time, not once in a
                        // while (see KafkaSinks).
                        .setConfigProp("log.retention.check.interval.ms", "1000")
                        .setConfigProp("log.initial.task.delay.ms", "1000")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * What a client needs besides the bootstrap servers: nothing, or SASL as the super user {@link
     * #ADMIN_USER}.
     */
    public Properties clientProperties() {
        return protocol == SecurityProtocol.PLAINTEXT
                ? new Properties()
                : saslPlainProperties(ADMIN_USER, ADMIN_PASSWORD);
    }

    /** An Admin client with all rights (the super user on a SASL broker). */
    public Admin admin() {
        Properties props = clientProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates topics with the given number of partitions each. */
    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Produces UTF-8 lines, in order, to partition 0. */
    public void produce(String topic, List<String> lines) {
        produceBytes(
                topic,
                0,
                lines.stream()
                        .map(l -> l.getBytes(StandardCharsets.UTF_8))
                        .collect(Collectors.toList()));
    }

    /**
     * Produces record values as they are (any bytes, e.g. invalid UTF-8), in order, to one
     * partition.
     */
    public void produceBytes(String topic, int partition, List<byte[]> values) {
        Properties props = clientProperties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
            producer.flush();
        }
    }

    /**
     * Every committed record of the topic, partition by partition in offset order (read_committed).
     */
    public List<String> consumeAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets: nothing open is
            // waited for.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }

    /**
     * A record as read back: its partition, key (UTF-8, {@code null} when it has none), value
     * (UTF-8) and Kafka timestamp (epoch ms).
     */
    public record KeyedRecord(int partition, String key, String value, long timestamp) {}

    /** As {@link #consumeAll}, with each record's partition and key. */
    public List<KeyedRecord> consumeAllWithKeys(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<KeyedRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(
                            new KeyedRecord(
                                    r.partition(),
                                    r.key() == null
                                            ? null
                                            : new String(r.key(), StandardCharsets.UTF_8),
                                    new String(r.value(), StandardCharsets.UTF_8),
                                    r.timestamp()));
                }
            }
            return records;
        }
    }

    /**
     * Polls the topic from its beginning (read_committed) until it holds at least {@code count}
     * records, and returns them; fails after {@code timeout}. For jobs that never end.
     */
    public List<String> awaitRecords(String topic, int count, Duration timeout) {
        return awaitRecords(topic, value -> true, count, timeout);
    }

    /**
     * As {@link #awaitRecords(String, int, Duration)}, counting only the records that {@code
     * counted} accepts.
     */
    public List<String> awaitRecords(
            String topic, Predicate<String> counted, int count, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.stream().filter(counted).count() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "expected "
                                    + count
                                    + " records in "
                                    + topic
                                    + " within "
                                    + timeout
                                    + ", got "
                                    + values
                                    + " (committed/all end offsets: "
                                    + endOffsets(topic)
                                    + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }

    /**
     * The end offsets of the topic's partitions for read_committed (the last stable offsets: an
     * open transaction holds them back) and for read_uncommitted (the high watermarks), as {@code
     * "LSO/HW"} per partition. When they differ after a job has ended, a transaction was left open
     * and read_committed consumers stall behind it.
     */
    public String endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> committed = consumer();
                KafkaConsumer<byte[], byte[]> uncommitted = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(committed, topic);
            Map<TopicPartition, Long> lso = committed.endOffsets(partitions);
            Map<TopicPartition, Long> hw = uncommitted.endOffsets(partitions);
            return partitions.stream()
                    .map(p -> p + "=" + lso.get(p) + "/" + hw.get(p))
                    .collect(Collectors.joining(", "));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return consumer("read_committed");
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
    }
}
