package dev.statefuljobs.common.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses Kafka records inside the source, so that event time comes from the payload and the source
 * can generate watermarks per partition. Never throws: a record that cannot be read becomes a dead
 * letter (with its bytes base64-encoded when they are not UTF-8), which the pipeline routes after
 * the source.
 */
public final class ParsingKafkaDeserializer<E>
        implements KafkaRecordDeserializationSchema<Parsed<E>> {
    private static final long serialVersionUID = 1L;

    private final RecordParser<E> parser;

    public ParsingKafkaDeserializer(RecordParser<E> parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed<E>> out) {
        Parsed<E> parsed = parser.parse(record.value());
        if (!parsed.isValid()) {
            // Where to find the record again: topic, partition and offset.
            parsed.deadLetter.source +=
                    ":" + record.topic() + "/" + record.partition() + "@" + record.offset();
        }
        out.collect(parsed);
    }

    @Override
    public TypeInformation<Parsed<E>> getProducedType() {
        return Parsed.typeOf(parser.format().type());
    }
}
