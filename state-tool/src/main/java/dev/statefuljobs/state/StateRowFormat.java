package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonObjectReader;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One key's state as one JSON line, the format that {@code read} prints and {@code bootstrap}
 * accepts: the key field, the value's fields ({@link ValueCodec}), and for an operator with
 * timeouts the pending deadline as {@code timeout_at} (ISO-8601), absent when none is armed. For
 * example {@code {"userId":"user1","total":120.0,"timeout_at":"2025-03-29T11:15:00Z"}}.
 *
 * <p>Parsing is strict, because a bootstrapped savepoint becomes a job's state: every field is
 * known and typed, none appears twice, and the value's fields are all there. The one exception is a
 * key that has only a pending timeout and no value (GroupState allows it): its row has the key and
 * {@code timeout_at} and no value field.
 *
 * @param <S> the state's value type
 */
final class StateRowFormat<S> implements RowFormat {
    private static final long serialVersionUID = 1L;

    static final String TIMEOUT_AT = "timeout_at";

    /** No pending timeout (GroupState's own marker for none). */
    static final long NO_TIMEOUT = Long.MIN_VALUE;

    private final String keyField;
    private final ValueCodec<S> codec;
    private final boolean timeouts;

    /**
     * @param keyField the JSON name of the key, e.g. {@code userId}
     * @param codec the value's fields
     * @param timeouts whether rows may carry {@code timeout_at}
     */
    StateRowFormat(String keyField, ValueCodec<S> codec, boolean timeouts) {
        this.keyField = keyField;
        this.codec = codec;
        this.timeouts = timeouts;
    }

    /** One key's state, parsed. {@code value} is null for a key with only a pending timeout. */
    record Row<S>(String key, S value, long timeoutAt) {}

    /** The line for a key; {@code value} may be null if a timeout is pending. */
    String toJson(String key, S value, long timeoutAt) {
        JsonLine json = JsonLine.object().field(keyField, key);
        if (value != null) {
            Object[] values = codec.encode(value);
            List<Field> fields = codec.fields();
            for (int i = 0; i < values.length; i++) {
                fields.get(i).write(json, values[i]);
            }
        }
        if (timeoutAt != NO_TIMEOUT) {
            json.instant(TIMEOUT_AT, timeoutAt);
        }
        return json.toString();
    }

    /** Parses one line, or says in one sentence what is wrong with it. */
    Row<S> parse(String line) throws InvalidRecordException {
        List<Field> fields = codec.fields();
        Object[] values = new Object[fields.size()];
        String key = null;
        long timeoutAt = NO_TIMEOUT;
        Set<String> seen = new HashSet<>();
        try (JsonObjectReader r = JsonObjectReader.open(line)) {
            while (r.nextField()) {
                String name = r.name();
                if (!seen.add(name)) {
                    throw r.invalid("appears twice");
                }
                if (name.equals(keyField)) {
                    key = r.nonEmptyString();
                } else if (name.equals(TIMEOUT_AT)) {
                    if (!timeouts) {
                        throw r.invalid("is not allowed: this operator has no timeouts");
                    }
                    timeoutAt = deadline(r);
                } else {
                    int i = indexOf(fields, name);
                    if (i < 0) {
                        throw r.invalid("is unknown (the fields are " + fieldNames() + ")");
                    }
                    values[i] = fields.get(i).read(r);
                }
            }
        }
        JsonObjectReader.required(key, keyField);
        int present = 0;
        for (Object v : values) {
            present += v == null ? 0 : 1;
        }
        if (present == 0 && timeoutAt != NO_TIMEOUT) {
            return new Row<>(key, null, timeoutAt); // a pending timeout without a value
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw JsonObjectReader.missing(fields.get(i).name());
            }
        }
        return new Row<>(key, codec.decode(key, values), timeoutAt);
    }

    @Override
    public String parseKey(String line) throws InvalidRecordException {
        return parse(line).key();
    }

    @Override
    public String fieldNames() {
        List<String> names = new ArrayList<>();
        names.add(keyField);
        codec.fields().forEach(f -> names.add(f.name()));
        if (timeouts) {
            names.add(TIMEOUT_AT);
        }
        return String.join(", ", names);
    }

    /**
     * A deadline: an ISO-8601 instant after 1970-01-01T00:00:00Z. Years after 9999 are allowed
     * (GroupState keeps Long.MAX_VALUE, printed as +292278994-08-17T07:12:55.807Z, for "at the end
     * of input").
     */
    private static long deadline(JsonObjectReader r) throws InvalidRecordException {
        String text = r.string();
        long ms;
        try {
            ms = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw r.invalid("is not an ISO-8601 instant: '" + text + "'");
        }
        if (ms <= 0) {
            throw r.invalid("must be after 1970-01-01T00:00:00Z, got '" + text + "'");
        }
        return ms;
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
