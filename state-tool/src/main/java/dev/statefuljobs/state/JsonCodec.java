package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A state value of type {@code T} as a JSON value: what {@code read} prints and what {@code
 * bootstrap} turns back into the value, through the same codec so that every printed value is
 * accepted. {@link JsonCodecs} has the basic ones and builds lists and objects from them.
 *
 * @param <T> the value's Java type, as the processor declares it
 */
interface JsonCodec<T> extends Serializable {

    /**
     * The Flink type the processor declares for the value: a layout checks it against the codec.
     */
    TypeInformation<T> type();

    /** Appends the value as JSON. */
    void write(T value, StringBuilder out);

    /**
     * The value of a parsed JSON node ({@link JsonTree}), or an error that names {@code path}, the
     * node's place in the line, e.g. {@code history[0].cents}.
     */
    T read(Object node, String path) throws InvalidRecordException;
}
