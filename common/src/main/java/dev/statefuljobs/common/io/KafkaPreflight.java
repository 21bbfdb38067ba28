package dev.statefuljobs.common.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a job with a Kafka source or sink is submitted, that Kafka is usable with the
 * job's own client properties: (1) a bootstrap broker accepts connections, (2) it answers the Kafka
 * protocol and authenticates the client, (3) every input topic exists and may be read. Without it a
 * wrong address, a missing SASL configuration or a missing topic shows only once the job runs, as
 * restarts and hundreds of client warnings that never name the cause; here it is one sentence
 * within seconds ({@link KafkaPreflightException}).
 *
 * <p>Step 1 is a plain socket probe ({@link BrokerProbe}), so that "nothing listens there" and "it
 * listens but does not speak PLAINTEXT Kafka" (a SASL or TLS listener) get different answers: the
 * Kafka client times out in both. Steps 2 and 3 are read-only Admin calls (describe cluster,
 * describe topics) with every client time-out cut to the remaining budget. The check changes
 * nothing on the cluster: describing a topic never auto-creates it.
 */
public final class KafkaPreflight {

    /**
     * Enough for a local or LAN broker to answer; a failure of a SASL/TLS mismatch takes this long.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The socket probe gets a third of the budget, at most this (also the client's connect
     * time-out): an address that takes longer to accept a connection is as good as unreachable.
     */
    private static final Duration MAX_PROBE = Duration.ofSeconds(3);

    /**
     * Kept back from the Admin calls' own time-out, so that the client reports its error before we
     * stop waiting.
     */
    private static final Duration MARGIN = Duration.ofMillis(200);

    /**
     * Time given to close the client, kept back from the budget: calls still pending (after a
     * time-out) are aborted then, and an I/O thread stuck in a connect is left to end on its own.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(200);

    /** Client ids must be unique in a JVM (the client registers a JMX bean under it). */
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private KafkaPreflight() {}

    /**
     * Returns when the brokers answer, authenticate the client and hold every input topic (readable
     * by it); otherwise throws a {@link KafkaPreflightException} with one sentence that says what
     * to fix, within about {@code timeout} (see {@link #DEFAULT_TIMEOUT}).
     *
     * @param bootstrapServers comma-separated host:port list, as {@code --bootstrap-servers}
     * @param clientProperties the job's extra Kafka client properties ({@code --kafka-properties}),
     *     e.g. SASL/TLS
     * @param inputTopics the topics the job reads; may be empty for a job that only writes to Kafka
     */
    public static void check(
            String bootstrapServers,
            Properties clientProperties,
            List<String> inputTopics,
            Duration timeout) {
        Objects.requireNonNull(clientProperties, "clientProperties");
        Objects.requireNonNull(inputTopics, "inputTopics");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "the Kafka pre-flight time-out must be positive, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<BrokerAddress> addresses = BrokerAddress.parseList(bootstrapServers);
        try {
            Duration probe =
                    timeout.dividedBy(3).compareTo(MAX_PROBE) < 0
                            ? timeout.dividedBy(3)
                            : MAX_PROBE;
            Map<BrokerAddress, String> unreachable = BrokerProbe.unreachable(addresses, probe);
            if (unreachable.size() == addresses.size()) {
                throw PreflightFailures.unreachable(unreachable);
            }
            // Only the reachable ones, so that the client does not log a warning for each attempt
            // at the others.
            List<BrokerAddress> reachable =
                    addresses.stream()
                            .filter(a -> !unreachable.containsKey(a))
                            .collect(Collectors.toList());
            askKafka(
                    reachable,
                    clientProperties,
                    new ArrayList<>(new LinkedHashSet<>(inputTopics)),
                    deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaPreflightException(
                    "The Kafka pre-flight check of " + bootstrapServers + " was interrupted");
        }
    }

    private static void askKafka(
            List<BrokerAddress> brokers,
            Properties clientProperties,
            List<String> topics,
            long deadline)
            throws InterruptedException {
        PreflightFailures failures = new PreflightFailures(brokers, clientProperties);
        long callsDeadline = deadline - CLOSE_TIMEOUT.toNanos();
        Duration budget = remaining(callsDeadline);
        Admin admin;
        try {
            admin = Admin.create(adminProperties(brokers, clientProperties, budget));
        } catch (KafkaException e) {
            throw PreflightFailures.invalidProperties(e);
        }
        try {
            try {
                admin.describeCluster(
                                new DescribeClusterOptions()
                                        .timeoutMs(callTimeoutMs(callsDeadline)))
                        .nodes()
                        .get(remaining(callsDeadline).toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw failures.failed(e.getCause(), budget);
            } catch (TimeoutException e) {
                throw failures.failed(e, budget);
            }
            if (topics.isEmpty()) {
                return;
            }
            DescribeTopicsOptions options =
                    new DescribeTopicsOptions()
                            .timeoutMs(callTimeoutMs(callsDeadline))
                            .includeAuthorizedOperations(true);
            Map<String, KafkaFuture<TopicDescription>> descriptions =
                    admin.describeTopics(topics, options).topicNameValues();
            List<String> missing = new ArrayList<>();
            List<String> notDescribable = new ArrayList<>();
            List<String> notReadable = new ArrayList<>();
            for (String topic : topics) {
                try {
                    TopicDescription description =
                            descriptions
                                    .get(topic)
                                    .get(remaining(callsDeadline).toNanos(), TimeUnit.NANOSECONDS);
                    // Null when the broker did not say (no authorizer, or an old broker): then it
                    // cannot be told.
                    if (description.authorizedOperations() != null
                            && !description.authorizedOperations().contains(AclOperation.READ)) {
                        notReadable.add(topic);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add(topic);
                    } else if (e.getCause() instanceof TopicAuthorizationException) {
                        notDescribable.add(topic);
                    } else {
                        throw failures.failed(topic, e.getCause(), budget);
                    }
                } catch (TimeoutException e) {
                    throw failures.failed(e, budget);
                }
            }
            if (!missing.isEmpty()) {
                throw failures.missingTopics(missing);
            }
            if (!notDescribable.isEmpty()) {
                throw failures.notAllowedToDescribe(notDescribable);
            }
            if (!notReadable.isEmpty()) {
                throw failures.notAllowedToRead(notReadable);
            }
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * The job's client properties with every time-out cut to the budget and the backoffs set low
     * whatever the job's properties say (a production file may well set reconnect.backoff.max.ms to
     * tens of seconds). The reconnect backoff still grows to Kafka's default 1 s and no lower: once
     * the probe has found the port open, reconnecting sooner tells nothing new but logs a line each
     * time (about 50 in 10 s at 200 ms against a TLS listener).
     */
    private static Properties adminProperties(
            List<BrokerAddress> brokers, Properties clientProperties, Duration budget) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers.stream().map(BrokerAddress::toString).collect(Collectors.joining(",")));
        props.put(
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-preflight-" + CLIENTS.incrementAndGet());
        String budgetMs = Long.toString(Math.max(1, budget.minus(MARGIN).toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, budgetMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, budgetMs);
        String connectMs =
                Long.toString(Math.max(1, Math.min(budget.toMillis(), MAX_PROBE.toMillis())));
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, connectMs);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, connectMs);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        // The bootstrap list will not change within the check: rebootstrapping only loops
        // (thousands of times in
        // 10 s against a listener that fails the TLS handshake, each logged at INFO).
        props.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        // No client telemetry subscription: the check should send the broker nothing but its two
        // requests.
        props.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        return props;
    }

    private static int callTimeoutMs(long deadline) {
        return (int)
                Math.max(
                        1,
                        Math.min(Integer.MAX_VALUE, remaining(deadline).minus(MARGIN).toMillis()));
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** "10 s", "0.5 s": durations in messages, whole seconds from 1 s on. */
    static String seconds(Duration duration) {
        long ms = duration.toMillis();
        return (ms >= 950
                        ? Long.toString(Math.round(ms / 1000.0))
                        : String.format(Locale.ROOT, "%.1f", ms / 1000.0))
                + " s";
    }
}
