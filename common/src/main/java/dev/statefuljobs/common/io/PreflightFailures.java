package dev.statefuljobs.common.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * The one-sentence explanations of {@link KafkaPreflight}: what failed, on which broker and topic,
 * and what to change. Kafka's own messages are kept as the reason in brackets, flattened to one
 * clause, because they often tell the decisive detail (e.g. "Invalid username or password" against
 * "Unsupported SASL mechanism"). Nothing from the client properties is quoted but the user name of
 * {@code sasl.jaas.config}: never a password.
 */
final class PreflightFailures {

    private static final Pattern JAAS_USERNAME =
            Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");

    private final List<BrokerAddress> brokers;
    private final Properties clientProperties;

    /**
     * @param brokers the brokers the Kafka client talked to (the reachable bootstrap addresses)
     */
    PreflightFailures(List<BrokerAddress> brokers, Properties clientProperties) {
        this.brokers = brokers;
        this.clientProperties = clientProperties;
    }

    /** No bootstrap address accepted a TCP connection. */
    static KafkaPreflightException unreachable(Map<BrokerAddress, String> reasons) {
        String fix = "(scripts/kafka.sh start) and is --bootstrap-servers right?";
        if (reasons.size() == 1) {
            Map.Entry<BrokerAddress, String> only = reasons.entrySet().iterator().next();
            return new KafkaPreflightException(
                    "Kafka broker "
                            + only.getKey()
                            + " is not reachable ("
                            + clause(only.getValue())
                            + "): is it running "
                            + fix);
        }
        return new KafkaPreflightException(
                "None of the Kafka brokers "
                        + reasons.entrySet().stream()
                                .map(e -> e.getKey() + " (" + clause(e.getValue()) + ")")
                                .collect(Collectors.joining(", "))
                        + " is reachable: are they running "
                        + fix);
    }

    /** The brokers accept TCP connections, but the client got no Kafka answer from them in time. */
    KafkaPreflightException noKafkaAnswer(Duration waited) {
        String question =
                protocol().equalsIgnoreCase("PLAINTEXT")
                        ? verb("does it", "do they")
                                + " need --kafka-properties for SASL/TLS (security.protocol, sasl.mechanism, sasl.jaas.config)?"
                        : "does the listener expect security.protocol="
                                + protocol()
                                + ", as --kafka-properties says?";
        return new KafkaPreflightException(
                brokers()
                        + verb(" accepts", " accept")
                        + " connections but did not answer the Kafka protocol within "
                        + KafkaPreflight.seconds(waited)
                        + ": "
                        + question);
    }

    /** The Kafka client could not be created from the client properties. */
    static KafkaPreflightException invalidProperties(Throwable error) {
        return new KafkaPreflightException(
                "The Kafka client cannot start with the properties from --kafka-properties ("
                        + clause(rootCause(error))
                        + "): check security.protocol, sasl.mechanism, sasl.jaas.config and ssl.*");
    }

    /**
     * An error of an Admin call that is not about one topic: authentication, time-out or anything
     * unexpected.
     */
    KafkaPreflightException failed(Throwable error, Duration waited) {
        String reason = clause(error.getMessage());
        if (error instanceof TimeoutException
                || error instanceof java.util.concurrent.TimeoutException) {
            return noKafkaAnswer(waited);
        }
        if (error instanceof SaslAuthenticationException) {
            String user = username();
            return new KafkaPreflightException(
                    brokers()
                            + " rejected the SASL credentials"
                            + (user == null ? "" : " of user '" + user + "'")
                            + " ("
                            + reason
                            + "): check the user name and password in sasl.jaas.config in --kafka-properties");
        }
        if (error instanceof UnsupportedSaslMechanismException) {
            return new KafkaPreflightException(
                    brokers()
                            + verb(" does", " do")
                            + " not offer SASL mechanism "
                            + clientProperties.getProperty(
                                    SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM)
                            + " ("
                            + reason
                            + "): set sasl.mechanism in --kafka-properties to one it offers, with its login"
                            + " module in sasl.jaas.config");
        }
        if (error instanceof IllegalSaslStateException) {
            return new KafkaPreflightException(
                    brokers()
                            + " did not expect SASL authentication ("
                            + reason
                            + "): is its listener PLAINTEXT or SSL rather than security.protocol="
                            + protocol()
                            + " as in --kafka-properties?");
        }
        if (error instanceof SslAuthenticationException) {
            return new KafkaPreflightException(
                    "The TLS handshake with "
                            + brokers()
                            + " failed ("
                            + reason
                            + "): check security.protocol and the ssl.* settings (e.g. ssl.truststore.location)"
                            + " in --kafka-properties");
        }
        if (error instanceof AuthenticationException) {
            return new KafkaPreflightException(
                    brokers()
                            + " did not authenticate the client ("
                            + reason
                            + "): check security.protocol and the SASL/TLS settings in --kafka-properties");
        }
        if (error instanceof ClusterAuthorizationException) {
            return new KafkaPreflightException(
                    principal()
                            + " may not describe the Kafka cluster at "
                            + list()
                            + ": it needs an ACL that allows DESCRIBE on the cluster (kafka-acls --add --allow-principal "
                            + aclPrincipal()
                            + " --operation Describe --cluster)");
        }
        return new KafkaPreflightException(
                "The Kafka pre-flight check against "
                        + list()
                        + " failed ("
                        + error.getClass().getSimpleName()
                        + (reason.isEmpty() ? "" : ": " + reason)
                        + ")");
    }

    /**
     * The describing of a topic failed for another reason than that it is missing or not allowed.
     */
    KafkaPreflightException failed(String topic, Throwable error, Duration waited) {
        if (error instanceof InvalidTopicException) {
            return new KafkaPreflightException(
                    "'"
                            + topic
                            + "' is not a valid Kafka topic name ("
                            + clause(error.getMessage())
                            + "): check --topic");
        }
        return failed(error, waited);
    }

    KafkaPreflightException missingTopics(List<String> topics) {
        return new KafkaPreflightException(
                (topics.size() == 1 ? "Topic " : "Topics ")
                        + quoted(topics)
                        + (topics.size() == 1 ? " does" : " do")
                        + " not exist on "
                        + brokers()
                        + ": create "
                        + (topics.size() == 1 ? "it" : "them")
                        + " (scripts/kafka.sh topics) or pass --topic");
    }

    /**
     * The broker refused to describe the topics (which it also says of a topic that does not
     * exist).
     */
    KafkaPreflightException notAllowedToDescribe(List<String> topics) {
        return new KafkaPreflightException(
                principal()
                        + " may not describe "
                        + (topics.size() == 1 ? "topic " : "topics ")
                        + quoted(topics)
                        + " on "
                        + brokers()
                        + ": it needs an ACL that allows DESCRIBE and READ on "
                        + (topics.size() == 1 ? "the topic" : "them")
                        + " (kafka-acls --add --allow-principal "
                        + aclPrincipal()
                        + " --operation Describe --operation Read"
                        + topicFlags(topics)
                        + ")");
    }

    KafkaPreflightException notAllowedToRead(List<String> topics) {
        return new KafkaPreflightException(
                principal()
                        + " may describe but not read "
                        + (topics.size() == 1 ? "topic " : "topics ")
                        + quoted(topics)
                        + " on "
                        + brokers()
                        + ": it needs an ACL that allows READ on "
                        + (topics.size() == 1 ? "the topic" : "them")
                        + " (kafka-acls --add --allow-principal "
                        + aclPrincipal()
                        + " --operation Read"
                        + topicFlags(topics)
                        + ")");
    }

    /** "Kafka broker a:9092" or "Kafka brokers a:9092, b:9092". */
    private String brokers() {
        return (brokers.size() == 1 ? "Kafka broker " : "Kafka brokers ") + list();
    }

    private String verb(String singular, String plural) {
        return brokers.size() == 1 ? singular : plural;
    }

    private String list() {
        return brokers.stream().map(BrokerAddress::toString).collect(Collectors.joining(", "));
    }

    private String protocol() {
        return clientProperties
                .getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .strip();
    }

    private String principal() {
        String user = username();
        return user == null ? "The client's principal" : "User '" + user + "'";
    }

    private String aclPrincipal() {
        String user = username();
        return "User:" + (user == null ? "NAME" : user);
    }

    /**
     * The SASL user name (PLAIN, SCRAM), which is also the principal that ACLs name; null when
     * there is none.
     */
    private String username() {
        String jaas = clientProperties.getProperty(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas == null) {
            return null;
        }
        Matcher m = JAAS_USERNAME.matcher(jaas);
        return m.find() ? m.group(1) : null;
    }

    private static String topicFlags(List<String> topics) {
        return topics.stream().map(t -> " --topic " + t).collect(Collectors.joining());
    }

    private static String quoted(List<String> topics) {
        return topics.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * A message of Kafka's as one clause: no line breaks, no full stops between or after its
     * sentences.
     */
    static String clause(String message) {
        if (message == null) {
            return "";
        }
        String flat =
                message.strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.\\s+(?=\\S)", "; ");
        return flat.endsWith(".") ? flat.substring(0, flat.length() - 1) : flat;
    }
}
