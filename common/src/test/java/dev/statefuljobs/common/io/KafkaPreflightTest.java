package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.testing.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaPreflightTest {

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension static final KafkaBroker SASL = KafkaBroker.saslPlain();

    /**
     * Far above every failure's own bound, only to fail a hanging check instead of hanging the
     * build.
     */
    private static final Duration GENEROUS = Duration.ofSeconds(25);

    /**
     * For the failures that take the whole budget (no Kafka answer), a short one keeps the tests
     * quick.
     */
    private static final Duration SHORT = Duration.ofSeconds(2);

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void anExistingTopicPasses() throws Exception {
        KAFKA.createTopics(2, "pf-present");

        assertDoesNotThrow(
                () ->
                        KafkaPreflight.check(
                                KAFKA.bootstrapServers(),
                                new Properties(),
                                List.of("pf-present"),
                                KafkaPreflight.DEFAULT_TIMEOUT));
    }

    @Test
    void aJobWithoutInputTopicsNeedsOnlyTheBrokers() {
        assertDoesNotThrow(
                () ->
                        KafkaPreflight.check(
                                KAFKA.bootstrapServers(),
                                new Properties(),
                                List.of(),
                                KafkaPreflight.DEFAULT_TIMEOUT));
    }

    @Test
    void aMissingTopicIsNamedWithTheBrokerAndIsNotCreated() throws Exception {
        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        KAFKA.bootstrapServers(),
                                        new Properties(),
                                        List.of("pf-missing"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "Topic 'pf-missing' does not exist on Kafka broker "
                        + KAFKA.bootstrapServers()
                        + ": create it (scripts/kafka.sh topics) or pass --topic",
                e.getMessage());
        try (Admin admin = KAFKA.admin()) {
            assertFalse(
                    admin.listTopics().names().get().contains("pf-missing"),
                    "the check created the topic");
        }
    }

    @Test
    void missingTopicsAreNamedTogether() throws Exception {
        KAFKA.createTopics(1, "pf-there");

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        KAFKA.bootstrapServers(),
                                        new Properties(),
                                        List.of("pf-gone-1", "pf-there", "pf-gone-2"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "Topics 'pf-gone-1', 'pf-gone-2' do not exist on Kafka broker "
                        + KAFKA.bootstrapServers()
                        + ": create them (scripts/kafka.sh topics) or pass --topic",
                e.getMessage());
    }

    @Test
    void oneDeadBootstrapAddressOfTwoIsNoFailure() throws Exception {
        KAFKA.createTopics(1, "pf-two-addresses");
        String bootstrap = "localhost:" + freePort() + ", " + KAFKA.bootstrapServers();

        assertDoesNotThrow(
                () ->
                        KafkaPreflight.check(
                                bootstrap,
                                new Properties(),
                                List.of("pf-two-addresses"),
                                KafkaPreflight.DEFAULT_TIMEOUT));
    }

    @Test
    void nothingListeningFailsFastAsNotReachable() throws Exception {
        String address = "localhost:" + freePort();

        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        address,
                                                        new Properties(),
                                                        List.of("clicks"),
                                                        KafkaPreflight.DEFAULT_TIMEOUT)));

        assertEquals(
                "Kafka broker "
                        + address
                        + " is not reachable (connection refused): is it running"
                        + " (scripts/kafka.sh start) and is --bootstrap-servers right?",
                e.getMessage());
    }

    @Test
    void severalUnreachableBrokersAreAllNamed() throws Exception {
        int[] ports = freePorts(2);
        String first = "127.0.0.1:" + ports[0];
        String second = "127.0.0.1:" + ports[1];

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        first + "," + second,
                                        new Properties(),
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "None of the Kafka brokers "
                        + first
                        + " (connection refused), "
                        + second
                        + " (connection refused) is reachable: are they running (scripts/kafka.sh start) and is"
                        + " --bootstrap-servers right?",
                e.getMessage());
    }

    @Test
    void anUnknownHostIsNotReachable() {
        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        "no-such-host.invalid:1",
                                                        new Properties(),
                                                        List.of("clicks"),
                                                        KafkaPreflight.DEFAULT_TIMEOUT)));

        // "(unknown host)", or "(no answer within 3 s)" where a DNS lookup of .invalid hangs.
        assertTrue(
                e.getMessage().startsWith("Kafka broker no-such-host.invalid:1 is not reachable ("),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "): is it running (scripts/kafka.sh start) and is --bootstrap-servers"
                                        + " right?"),
                e.getMessage());
    }

    @Test
    void anAddressWithoutPortIsAnAddressError() {
        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        "localhost",
                                        new Properties(),
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "--bootstrap-servers has 'localhost', which is not host:port: give the Kafka brokers as e.g."
                        + " localhost:9092,otherhost:9092",
                e.getMessage());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersAsksAboutSaslOrTls() throws Exception {
        String address = silentServer(false);

        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        address,
                                                        new Properties(),
                                                        List.of("clicks"),
                                                        SHORT)));

        assertEquals(
                "Kafka broker "
                        + address
                        + " accepts connections but did not answer the Kafka protocol within"
                        + " 2 s: does it need --kafka-properties for SASL/TLS (security.protocol, sasl.mechanism,"
                        + " sasl.jaas.config)?",
                e.getMessage());
    }

    @Test
    void aServerThatHangsUpAsksAboutSaslOrTls() throws Exception {
        String address = silentServer(true);

        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        address,
                                                        new Properties(),
                                                        List.of("clicks"),
                                                        SHORT)));

        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Kafka broker "
                                        + address
                                        + " accepts connections but did not answer"
                                        + " the Kafka protocol within 2 s: does it need --kafka-properties for SASL/TLS"),
                e.getMessage());
    }

    @Test
    void propertiesTheClientRefusesAreReportedAsSuch() {
        Properties props = new Properties();
        props.put("security.protocol", "SASL_PLAINTEXT");

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        KAFKA.bootstrapServers(),
                                        props,
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        // The rest names the JAAS file the in-JVM SASL broker points
        // java.security.auth.login.config at, if it started.
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "The Kafka client cannot start with the properties from"
                                        + " --kafka-properties (Could not find a 'KafkaClient' entry in the JAAS configuration; System property"
                                        + " 'java.security.auth.login.config' is "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "): check security.protocol, sasl.mechanism, sasl.jaas.config and ssl.*"),
                e.getMessage());
    }

    @Test
    void anUnknownSecurityProtocolIsAPropertiesError() {
        Properties props = new Properties();
        props.put("security.protocol", "SASL");

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        KAFKA.bootstrapServers(),
                                        props,
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        // Kafka lists the valid values in no fixed order.
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "The Kafka client cannot start with the properties from"
                                        + " --kafka-properties (Invalid value SASL for configuration security.protocol: String must be one of"),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "): check security.protocol, sasl.mechanism, sasl.jaas.config and ssl.*"),
                e.getMessage());
    }

    @Test
    void saslAgainstAPlaintextListenerAsksWhetherItIsOne() {
        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        KAFKA.bootstrapServers(),
                                        KafkaBroker.saslPlainProperties("someone", "secret"),
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "Kafka broker "
                        + KAFKA.bootstrapServers()
                        + " did not expect SASL authentication (Unexpected"
                        + " handshake request with client mechanism PLAIN, enabled mechanisms are []): is its listener"
                        + " PLAINTEXT or SSL rather than security.protocol=SASL_PLAINTEXT as in --kafka-properties?",
                e.getMessage());
    }

    @Test
    void tlsAgainstAPlaintextListenerAsksAboutTheProtocol() {
        Properties props = new Properties();
        props.put("security.protocol", "SSL");

        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        KAFKA.bootstrapServers(),
                                                        props,
                                                        List.of("clicks"),
                                                        SHORT)));

        assertEquals(
                "Kafka broker "
                        + KAFKA.bootstrapServers()
                        + " accepts connections but did not answer the Kafka"
                        + " protocol within 2 s: does the listener expect security.protocol=SSL, as --kafka-properties says?",
                e.getMessage());
    }

    @Test
    void saslListenerWithoutPropertiesAsksAboutSaslOrTls() {
        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        SASL.bootstrapServers(),
                                                        new Properties(),
                                                        List.of("clicks"),
                                                        SHORT)));

        assertEquals(
                "Kafka broker "
                        + SASL.bootstrapServers()
                        + " accepts connections but did not answer the Kafka"
                        + " protocol within 2 s: does it need --kafka-properties for SASL/TLS (security.protocol,"
                        + " sasl.mechanism, sasl.jaas.config)?",
                e.getMessage());
    }

    @Test
    void aWrongPasswordIsReportedAsRejectedCredentials() {
        Properties props = KafkaBroker.saslPlainProperties(KafkaBroker.USER, "wrong");

        KafkaPreflightException e =
                assertTimeout(
                        GENEROUS,
                        () ->
                                assertThrows(
                                        KafkaPreflightException.class,
                                        () ->
                                                KafkaPreflight.check(
                                                        SASL.bootstrapServers(),
                                                        props,
                                                        List.of("clicks"),
                                                        KafkaPreflight.DEFAULT_TIMEOUT)));

        assertEquals(
                "Kafka broker "
                        + SASL.bootstrapServers()
                        + " rejected the SASL credentials of user 'plain-user1'"
                        + " (Authentication failed: Invalid username or password): check the user name and password in"
                        + " sasl.jaas.config in --kafka-properties",
                e.getMessage());
    }

    @Test
    void aMechanismTheBrokerDoesNotOffer() {
        Properties props =
                KafkaBroker.saslPlainProperties(KafkaBroker.USER, KafkaBroker.USER_PASSWORD);
        props.put("sasl.mechanism", "SCRAM-SHA-256");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\""
                        + KafkaBroker.USER
                        + "\" password=\""
                        + KafkaBroker.USER_PASSWORD
                        + "\";");

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        SASL.bootstrapServers(),
                                        props,
                                        List.of("clicks"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "Kafka broker "
                        + SASL.bootstrapServers()
                        + " does not offer SASL mechanism SCRAM-SHA-256 (Client"
                        + " SASL mechanism 'SCRAM-SHA-256' not enabled in the server, enabled mechanisms are [PLAIN]): set"
                        + " sasl.mechanism in --kafka-properties to one it offers, with its login module in sasl.jaas.config",
                e.getMessage());
    }

    @Test
    void theRightPasswordPasses() throws Exception {
        SASL.createTopics(1, "pf-sasl-present");

        assertDoesNotThrow(
                () ->
                        KafkaPreflight.check(
                                SASL.bootstrapServers(),
                                KafkaBroker.saslPlainProperties(
                                        KafkaBroker.ADMIN_USER, KafkaBroker.ADMIN_PASSWORD),
                                List.of("pf-sasl-present"),
                                KafkaPreflight.DEFAULT_TIMEOUT));
    }

    @Test
    void aTopicTheUserMayNotDescribeNamesTheMissingAcl() throws Exception {
        SASL.createTopics(1, "pf-no-acl");
        Properties user =
                KafkaBroker.saslPlainProperties(KafkaBroker.USER, KafkaBroker.USER_PASSWORD);

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        SASL.bootstrapServers(),
                                        user,
                                        List.of("pf-no-acl"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));

        assertEquals(
                "User 'plain-user1' may not describe topic 'pf-no-acl' on Kafka broker "
                        + SASL.bootstrapServers()
                        + ": it needs an ACL that allows DESCRIBE and READ on the topic (kafka-acls --add --allow-principal"
                        + " User:plain-user1 --operation Describe --operation Read --topic pf-no-acl)",
                e.getMessage());
    }

    @Test
    void aTopicTheUserMayDescribeButNotReadNamesTheMissingAcl() throws Exception {
        SASL.createTopics(1, "pf-describe-only");
        allow(KafkaBroker.USER, "pf-describe-only", AclOperation.DESCRIBE);
        Properties user =
                KafkaBroker.saslPlainProperties(KafkaBroker.USER, KafkaBroker.USER_PASSWORD);

        KafkaPreflightException e =
                assertThrows(
                        KafkaPreflightException.class,
                        () ->
                                KafkaPreflight.check(
                                        SASL.bootstrapServers(),
                                        user,
                                        List.of("pf-describe-only"),
                                        KafkaPreflight.DEFAULT_TIMEOUT));
        assertEquals(
                "User 'plain-user1' may describe but not read topic 'pf-describe-only' on Kafka broker "
                        + SASL.bootstrapServers()
                        + ": it needs an ACL that allows READ on the topic (kafka-acls --add"
                        + " --allow-principal User:plain-user1 --operation Read --topic pf-describe-only)",
                e.getMessage());

        allow(KafkaBroker.USER, "pf-describe-only", AclOperation.READ);
        assertDoesNotThrow(
                () ->
                        KafkaPreflight.check(
                                SASL.bootstrapServers(),
                                user,
                                List.of("pf-describe-only"),
                                KafkaPreflight.DEFAULT_TIMEOUT));
    }

    @Test
    void aClusterAclThatIsMissingIsNamed() {
        PreflightFailures failures =
                new PreflightFailures(
                        List.of(new BrokerAddress("kafka", 9092, "kafka:9092")),
                        KafkaBroker.saslPlainProperties("alice", "secret"));

        KafkaPreflightException e =
                failures.failed(
                        new ClusterAuthorizationException("Cluster authorization failed."),
                        KafkaPreflight.DEFAULT_TIMEOUT);

        assertEquals(
                "User 'alice' may not describe the Kafka cluster at kafka:9092: it needs an ACL that allows"
                        + " DESCRIBE on the cluster (kafka-acls --add --allow-principal User:alice --operation Describe"
                        + " --cluster)",
                e.getMessage());
    }

    @Test
    void aFailedTlsHandshakeIsNamed() {
        Properties props = new Properties();
        props.put("security.protocol", "SSL");
        PreflightFailures failures =
                new PreflightFailures(
                        List.of(
                                new BrokerAddress("kafka", 9093, "kafka:9093"),
                                new BrokerAddress("kafka2", 9093, "kafka2:9093")),
                        props);

        KafkaPreflightException e =
                failures.failed(
                        new SslAuthenticationException("SSL handshake failed"),
                        KafkaPreflight.DEFAULT_TIMEOUT);

        assertEquals(
                "The TLS handshake with Kafka brokers kafka:9093, kafka2:9093 failed (SSL handshake failed): check"
                        + " security.protocol and the ssl.* settings (e.g. ssl.truststore.location) in --kafka-properties",
                e.getMessage());
    }

    /**
     * Adds an ACL and waits until the broker's authorizer has it (it applies ACLs from the metadata
     * log).
     */
    private static void allow(String user, String topic, AclOperation operation) throws Exception {
        AclBinding acl =
                new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                        new AccessControlEntry(
                                "User:" + user, "*", operation, AclPermissionType.ALLOW));
        try (Admin admin = SASL.admin()) {
            admin.createAcls(List.of(acl)).all().get();
            AclBindingFilter filter =
                    new AclBindingFilter(
                            new ResourcePatternFilter(
                                    ResourceType.TOPIC, topic, PatternType.LITERAL),
                            AccessControlEntryFilter.ANY);
            long deadline = System.nanoTime() + GENEROUS.toNanos();
            while (!admin.describeAcls(filter).values().get().contains(acl)) {
                assertTrue(System.nanoTime() < deadline, "the broker never showed the ACL " + acl);
            }
        }
    }

    /** A port nothing listens on: one the OS just gave out and that is free again. */
    private static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** Distinct ports that nothing listens on. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * A TCP server that accepts connections and never writes a byte: it either holds them open (as
     * a listener that waits for a TLS or SASL handshake the client never starts) or closes them at
     * once.
     */
    private String silentServer(boolean hangUp) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        servers.add(
                () -> {
                    server.close();
                    synchronized (held) {
                        for (Socket socket : held) {
                            socket.close();
                        }
                    }
                });
        Thread acceptor =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Socket socket = server.accept();
                                    if (hangUp) {
                                        socket.close();
                                    } else {
                                        synchronized (held) {
                                            held.add(socket);
                                        }
                                    }
                                }
                            } catch (IOException e) {
                                if (!server.isClosed()) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        },
                        "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return "127.0.0.1:" + server.getLocalPort();
    }
}
