package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.Serializable;
import java.util.List;

/**
 * A keyed state value as JSON fields: what {@code read} prints for one key and what {@code
 * bootstrap} turns back into the value. Both directions go through the same field list, so a row
 * that {@code read} prints is always one that {@code bootstrap} accepts.
 *
 * @param <S> the state's value type, as the job stores it
 */
interface ValueCodec<S> extends Serializable {

    /** The value's fields, in the order they are printed. */
    List<Field> fields();

    /** The value's fields, in the order of {@link #fields()}. */
    Object[] encode(S value);

    /**
     * The value of key {@code key} from its fields (in the order of {@link #fields()}, none
     * missing), or an error that names the field in question.
     */
    S decode(String key, Object[] values) throws InvalidRecordException;
}
