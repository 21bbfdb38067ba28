package dev.statefuljobs.common.io;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code --sink kafka}: one topic per output. Results go to {@code --output-topic} (default: the
 * job's name), dead letters to {@code --dlq-topic} (default {@code <output-topic>.dlq}) and late
 * records to {@code <output-topic>.late}.
 *
 * <p>{@code --delivery exactly-once} (the default) writes in Kafka transactions that commit when a
 * checkpoint completes, so consumers must read with {@code isolation.level=read_committed} and see
 * results once per checkpoint. Each output has its own transactional id prefix ({@code
 * <transactional-id-prefix>.<output>}), which must be unique among all jobs writing to the cluster
 * and stable across restarts. Transactions time out after {@link #TRANSACTION_TIMEOUT}: no more
 * than the broker's {@code transaction.max.timeout.ms} (15 min by default) and much more than the
 * checkpoint interval plus the time a restart takes, or data is lost.
 *
 * <p>Each record's key is its result's key ({@link OutputLine#key}, e.g. the user id), UTF-8
 * encoded, so Kafka's default partitioner keeps one key's results in one partition, in order;
 * outputs without a key (e.g. a global count) are written without one.
 *
 * <p>With {@code --latency low} (the default with a Kafka source) the producer sends each record at
 * once ({@code linger.ms=0}) instead of waiting up to Kafka's default 5 ms for a fuller batch; a
 * {@code linger.ms} in {@code --kafka-properties} wins.
 *
 * <p>Records carry no timestamp of their own, so the producer stamps them with the time they are
 * written. Flink's default ({@code KafkaRecordSerializationSchema.builder()}) would stamp each
 * record with its event time instead, and Kafka's time-based retention ({@code retention.ms}, 7
 * days by default) measures a record's age by that timestamp: results of a replay of older events
 * would be deleted by the broker's next retention check, minutes after they were committed,
 * including records no consumer had read yet. Event time stays in each record's JSON.
 */
public final class KafkaSinks {

    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final KafkaConnection kafka;
    private final String outputTopic;
    private final String dlqTopic;
    private final boolean exactlyOnce;
    private final String transactionalIdPrefix;
    private final boolean lowLatency;

    public KafkaSinks(JobFlags flags) {
        this.kafka = KafkaConnection.fromFlags(flags);
        this.outputTopic = flags.find(Flags.OUTPUT_TOPIC).orElse(flags.jobName());
        this.dlqTopic = flags.find(Flags.DLQ_TOPIC).orElse(outputTopic + ".dlq");
        this.exactlyOnce = flags.get(Flags.DELIVERY) == Flags.Delivery.EXACTLY_ONCE;
        this.transactionalIdPrefix =
                flags.find(Flags.TRANSACTIONAL_ID_PREFIX)
                        .orElse(flags.jobName() + "-" + outputTopic);
        this.lowLatency = Flags.latency(flags) == Flags.Latency.LOW;
    }

    /** The Kafka connection the sinks write through. */
    public KafkaConnection connection() {
        return kafka;
    }

    public boolean exactlyOnce() {
        return exactlyOnce;
    }

    /**
     * Results go to the output topic, dead letters to the DLQ topic, any other output to {@code
     * <topic>.<id>}.
     */
    public String topic(Output output) {
        if (output.equals(Output.RESULTS)) {
            return outputTopic;
        }
        return output.equals(Output.DEAD_LETTERS) ? dlqTopic : outputTopic + "." + output.id();
    }

    /** The producer settings of every sink: the connection's, then the sinks' own defaults. */
    Properties producerProperties() {
        Properties props = kafka.properties();
        props.putIfAbsent("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        if (lowLatency) {
            props.putIfAbsent("linger.ms", "0");
        }
        return props;
    }

    public Sink<OutputLine> sink(Output output) {
        return KafkaSink.<OutputLine>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producerProperties())
                .setRecordSerializer(new WriteTimeRecords(topic(output)))
                .setDeliveryGuarantee(
                        exactlyOnce
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "." + output.id())
                .build();
    }

    /**
     * One Kafka record per output line: key = the result's key in UTF-8 ({@code null}, no key, when
     * it has none), value = the JSON line in UTF-8, partition chosen by the producer (by key), and
     * no timestamp, so the record is stamped with its write time (see the class comment).
     */
    static final class WriteTimeRecords implements KafkaRecordSerializationSchema<OutputLine> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        WriteTimeRecords(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                OutputLine line, KafkaSinkContext context, Long eventTime) {
            byte[] key = line.key == null ? null : line.key.getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(
                    topic, null, null, key, line.json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
