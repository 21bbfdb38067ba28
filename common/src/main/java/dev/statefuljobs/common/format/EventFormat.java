package dev.statefuljobs.common.format;

import dev.statefuljobs.common.generator.EventGenerator;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * How one kind of input event is read: the JSON parser, the Flink type that carries it between
 * operators, and where its event time is. One instance serves every source (file, socket, Kafka,
 * generator).
 */
public interface EventFormat<E> extends Serializable {

    /** A short plural noun for operator names and metrics, e.g. "clicks". */
    String name();

    /** The Flink type of the event: a POJO or basic type, never a generic (Kryo) type. */
    TypeInformation<E> type();

    /**
     * Builds the event from the fields of one JSON object, read with the reader's typed accessors.
     * A bad record throws with a reason and never returns null. The same code serves records read
     * from text ({@link #parse}) and straight from bytes ({@link Utf8ObjectReader}).
     */
    E read(JsonObjectReader fields) throws InvalidRecordException;

    /** Parses one line of JSON. A bad record throws with a reason and never returns null. */
    default E parse(String line) throws InvalidRecordException {
        try (JsonObjectReader fields = JsonObjectReader.open(line)) {
            return read(fields);
        }
    }

    /** The event time in milliseconds since the epoch, taken from the payload. */
    /**
     * Whether {@link #read} reads the record field by field. A format that must see whole records
     * (e.g. one that hands them to flink-json) returns false and implements {@link #parse} alone;
     * the sources then never try the byte-level reader.
     */
    default boolean readsFields() {
        return true;
    }

    long eventTime(E event);

    /**
     * How to make synthetic events of this format for {@code --source generator} and the {@code
     * Generate} CLI. A format without one cannot be generated; overriding this takes a few lines
     * (see {@link EventGenerator}). Register the format in {@link EventFormats} so that the CLI
     * finds it by name.
     */
    default EventGenerator generator() {
        throw new IllegalArgumentException(
                "the " + name() + " format has no generator (EventFormat.generator())");
    }
}
