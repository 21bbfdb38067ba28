package dev.statefuljobs.common.io;

import dev.statefuljobs.common.pipeline.JobOptions;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * {@code --sink kafka}: one topic per output. Results go to {@code --output-topic} (default: the job's name), dead
 * letters to {@code --dlq-topic} (default {@code <output-topic>.dlq}) and late records to {@code <output-topic>.late}.
 *
 * <p>{@code --delivery exactly-once} (the default) writes in Kafka transactions that commit when a checkpoint
 * completes, so consumers must read with {@code isolation.level=read_committed} and see results once per
 * checkpoint. Each output has its own transactional id prefix ({@code <transactional-id-prefix>.<output>}), which
 * must be unique among all jobs writing to the cluster and stable across restarts. Transactions time out after
 * {@link #TRANSACTION_TIMEOUT}: no more than the broker's {@code transaction.max.timeout.ms} (15 min by default)
 * and much more than the checkpoint interval plus the time a restart takes, or data is lost.
 *
 * <p>Each record's key is its result's key ({@link OutputLine#key}, e.g. the user id), UTF-8 encoded, so Kafka's
 * default partitioner keeps one key's results in one partition, in order; outputs without a key (e.g. a global
 * count) are written without one.
 */
public final class KafkaSinks {

    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final KafkaConnection kafka;
    private final String outputTopic;
    private final String dlqTopic;
    private final boolean exactlyOnce;
    private final String transactionalIdPrefix;

    public KafkaSinks(JobOptions options, String jobName) {
        this.kafka = KafkaConnection.fromOptions(options);
        this.outputTopic = options.string("output-topic", jobName);
        this.dlqTopic = options.string("dlq-topic", outputTopic + ".dlq");
        this.exactlyOnce = options.choice("delivery", "exactly-once", "exactly-once", "at-least-once")
                .equals("exactly-once");
        this.transactionalIdPrefix = options.string("transactional-id-prefix", jobName + "-" + outputTopic);
    }

    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    public String topic(Output output) {
        switch (output) {
            case DEAD_LETTERS:
                return dlqTopic;
            case LATE:
                return outputTopic + ".late";
            default:
                return outputTopic;
        }
    }

    public Sink<OutputLine> sink(Output output) {
        Properties props = kafka.properties();
        props.putIfAbsent("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        return KafkaSink.<OutputLine>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(KafkaRecordSerializationSchema.<OutputLine>builder()
                        .setTopic(topic(output))
                        .setKeySerializationSchema(new KeyBytes())
                        .setValueSerializationSchema(new JsonBytes())
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "." + output.id)
                .build();
    }

    /** The record key: the result's key in UTF-8, or {@code null} (no key) when it has none. */
    static final class KeyBytes implements SerializationSchema<OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(OutputLine line) {
            return line.key == null ? null : line.key.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The record value: the JSON line in UTF-8. */
    static final class JsonBytes implements SerializationSchema<OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(OutputLine line) {
            return line.json.getBytes(StandardCharsets.UTF_8);
        }
    }
}
