package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A map state's key as a JSON object's field name (JSON names are strings).
 *
 * @param <K> the key's Java type, as the processor declares it
 */
interface KeyCodec<K> extends Serializable {

    TypeInformation<K> type();

    String write(K key);

    /** The key of a field name, or an error naming {@code path}. */
    K read(String name, String path) throws InvalidRecordException;

    /** A string key, as it is. */
    KeyCodec<String> STRING =
            new KeyCodec<>() {
                private static final long serialVersionUID = 1L;

                @Override
                public TypeInformation<String> type() {
                    return Types.STRING;
                }

                @Override
                public String write(String key) {
                    return key;
                }

                @Override
                public String read(String name, String path) {
                    return name;
                }
            };

    /** A {@code Long} key that is a time in ms, as an ISO-8601 instant. */
    KeyCodec<Long> INSTANT =
            new KeyCodec<>() {
                private static final long serialVersionUID = 1L;

                @Override
                public TypeInformation<Long> type() {
                    return Types.LONG;
                }

                @Override
                public String write(Long key) {
                    return JsonCodecs.iso(key);
                }

                @Override
                public Long read(String name, String path) throws InvalidRecordException {
                    return JsonTree.instant(name, path);
                }
            };

    /** A {@code Long} key, in decimal. */
    KeyCodec<Long> LONG =
            new KeyCodec<>() {
                private static final long serialVersionUID = 1L;

                @Override
                public TypeInformation<Long> type() {
                    return Types.LONG;
                }

                @Override
                public String write(Long key) {
                    return key.toString();
                }

                @Override
                public Long read(String name, String path) throws InvalidRecordException {
                    try {
                        return Long.parseLong(name);
                    } catch (NumberFormatException e) {
                        throw JsonTree.invalid(path, "is not a whole number");
                    }
                }
            };
}
