package dev.statefuljobs.common.io;

import dev.statefuljobs.common.pipeline.JobOptions;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

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

    public Sink<String> sink(Output output) {
        Properties props = kafka.properties();
        props.putIfAbsent("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        return KafkaSink.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(topic(output))
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "." + output.id)
                .build();
    }
}
