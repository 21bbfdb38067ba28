package dev.statefuljobs.common.io;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * How a job reaches Kafka, shared by the Kafka source and sink: {@code --bootstrap-servers} and any
 * other client property from {@code --kafka-properties FILE} (e.g. SASL or TLS settings). The file
 * is read once, when the job is built on the client, and its properties travel with the job graph;
 * keep it out of the repository.
 */
public final class KafkaConnection {

    private final String bootstrapServers;
    private final Properties properties;

    private KafkaConnection(String bootstrapServers, Properties properties) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
    }

    public static KafkaConnection fromFlags(JobFlags flags) {
        String bootstrap = flags.get(Flags.BOOTSTRAP_SERVERS);
        String file = flags.get(Flags.KAFKA_PROPERTIES);
        Properties props = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("--kafka-properties: cannot read " + file, e);
            }
        }
        return new KafkaConnection(bootstrap, props);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A copy of the extra client properties, for one source or sink to add its own to. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
