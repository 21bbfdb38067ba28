package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.time.Timestamps;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

/** The {@link JsonCodec}s of state values: basic ones, and lists and objects built from them. */
final class JsonCodecs {

    /** The field that holds a TTL'd value next to {@value #EXPIRES_AT}. */
    static final String VALUE = "value";

    /** A TTL'd value's deadline: it expires when its clock reaches this instant. */
    static final String EXPIRES_AT = "expires_at";

    private JsonCodecs() {}

    static final JsonCodec<Long> LONG =
            new Basic<>(Types.LONG) {
                private static final long serialVersionUID = 1L;

                @Override
                public void write(Long value, StringBuilder out) {
                    out.append(value.longValue());
                }

                @Override
                public Long read(Object node, String path) throws InvalidRecordException {
                    if (node instanceof BigInteger) {
                        throw JsonTree.invalid(path, "is out of range for a long");
                    }
                    if (!(node instanceof Long n)) {
                        throw JsonTree.wrongType(path, "an integer", node);
                    }
                    return n;
                }
            };

    static final JsonCodec<Double> DOUBLE =
            new Basic<>(Types.DOUBLE) {
                private static final long serialVersionUID = 1L;

                @Override
                public void write(Double value, StringBuilder out) {
                    out.append(value.doubleValue());
                }

                @Override
                public Double read(Object node, String path) throws InvalidRecordException {
                    if (!(node instanceof Number n)) {
                        throw JsonTree.wrongType(path, "a number", node);
                    }
                    double d = n.doubleValue();
                    if (!Double.isFinite(d)) {
                        throw JsonTree.invalid(path, "is out of range for a double");
                    }
                    return d;
                }
            };

    static final JsonCodec<String> STRING =
            new Basic<>(Types.STRING) {
                private static final long serialVersionUID = 1L;

                @Override
                public void write(String value, StringBuilder out) {
                    JsonTree.appendString(out, value);
                }

                @Override
                public String read(Object node, String path) throws InvalidRecordException {
                    return JsonTree.string(node, path);
                }
            };

    static final JsonCodec<Boolean> BOOLEAN =
            new Basic<>(Types.BOOLEAN) {
                private static final long serialVersionUID = 1L;

                @Override
                public void write(Boolean value, StringBuilder out) {
                    out.append(value.booleanValue());
                }

                @Override
                public Boolean read(Object node, String path) throws InvalidRecordException {
                    if (!(node instanceof Boolean b)) {
                        throw JsonTree.wrongType(path, "true or false", node);
                    }
                    return b;
                }
            };

    /** A {@code Long} that is a time in ms, as an ISO-8601 instant. */
    static final JsonCodec<Long> INSTANT =
            new Basic<>(Types.LONG) {
                private static final long serialVersionUID = 1L;

                @Override
                public void write(Long value, StringBuilder out) {
                    JsonTree.appendString(out, iso(value));
                }

                @Override
                public Long read(Object node, String path) throws InvalidRecordException {
                    return JsonTree.instant(node, path);
                }
            };

    static String iso(long epochMillis) {
        return Timestamps.toIso(epochMillis);
    }

    /** A {@code List<T>} (Flink's {@code Types.LIST(element)}) as a JSON array. */
    static <T> JsonCodec<List<T>> list(JsonCodec<T> element) {
        return new Basic<>(Types.LIST(element.type())) {
            private static final long serialVersionUID = 1L;

            @Override
            public void write(List<T> values, StringBuilder out) {
                writeArray(values, element, out);
            }

            @Override
            public List<T> read(Object node, String path) throws InvalidRecordException {
                return readArray(node, path, element);
            }
        };
    }

    static <T> void writeArray(List<T> values, JsonCodec<T> element, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            element.write(values.get(i), out);
        }
        out.append(']');
    }

    static <T> List<T> readArray(Object node, String path, JsonCodec<T> element)
            throws InvalidRecordException {
        List<Object> array = JsonTree.array(node, path);
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(element.read(array.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    /**
     * A TTL'd value as the operator stores it, {@code Tuple2<value, deadline>}: {@code
     * {"value":...,"expires_at":"2023-11-14T23:15:30Z"}}.
     */
    static <T> JsonCodec<Tuple2<T, Long>> expiring(JsonCodec<T> value) {
        return new Basic<>(new TupleTypeInfo<>(value.type(), Types.LONG)) {
            private static final long serialVersionUID = 1L;

            @Override
            public void write(Tuple2<T, Long> stored, StringBuilder out) {
                out.append("{\"" + VALUE + "\":");
                value.write(stored.f0, out);
                out.append(",\"" + EXPIRES_AT + "\":");
                INSTANT.write(stored.f1, out);
                out.append('}');
            }

            @Override
            public Tuple2<T, Long> read(Object node, String path) throws InvalidRecordException {
                Map<String, Object> object = JsonTree.object(node, path);
                checkFields(object, path, List.of(VALUE, EXPIRES_AT));
                return Tuple2.of(
                        value.read(object.get(VALUE), JsonTree.child(path, VALUE)),
                        INSTANT.read(object.get(EXPIRES_AT), JsonTree.child(path, EXPIRES_AT)));
            }
        };
    }

    /** Every field of {@code object} is one of {@code names}, and all of them are there. */
    static void checkFields(Map<String, Object> object, String path, List<String> names)
            throws InvalidRecordException {
        for (String name : object.keySet()) {
            if (!names.contains(name)) {
                throw JsonTree.invalid(
                        JsonTree.child(path, name),
                        "is unknown (the fields are " + String.join(", ", names) + ")");
            }
        }
        for (String name : names) {
            if (!object.containsKey(name)) {
                throw new InvalidRecordException(
                        "missing field '" + JsonTree.child(path, name) + "'");
            }
        }
    }

    /** Creates an object for {@link #object}. */
    @FunctionalInterface
    interface Maker<T> extends Serializable {
        T make();
    }

    /** Reads a property of an object. */
    @FunctionalInterface
    interface Getter<T, V> extends Serializable {
        V get(T object);
    }

    /** Sets a property of an object. */
    @FunctionalInterface
    interface Setter<T, V> extends Serializable {
        void set(T object, V value);
    }

    /** One property of an object codec: its JSON name and codec, and how to get and set it. */
    record Property<T, V>(String name, JsonCodec<V> codec, Getter<T, V> getter, Setter<T, V> setter)
            implements Serializable {

        void write(T object, StringBuilder out) {
            codec.write(getter.get(object), out);
        }

        void read(T object, Object node, String path) throws InvalidRecordException {
            setter.set(object, codec.read(node, path));
        }
    }

    static <T, V> Property<T, V> property(
            String name, JsonCodec<V> codec, Getter<T, V> getter, Setter<T, V> setter) {
        return new Property<>(name, codec, getter, setter);
    }

    /**
     * An object (a POJO or any class with a no-argument way to make it) as a JSON object with these
     * properties, in this order, every one required and no other allowed.
     */
    @SafeVarargs
    static <T> JsonCodec<T> object(
            TypeInformation<T> type, Maker<T> maker, Property<T, ?>... props) {
        List<Property<T, ?>> properties = new ArrayList<>(props.length);
        List<String> names = new ArrayList<>(props.length);
        for (Property<T, ?> p : props) {
            properties.add(p);
            names.add(p.name());
        }
        return new Basic<>(type) {
            private static final long serialVersionUID = 1L;

            @Override
            public void write(T value, StringBuilder out) {
                out.append('{');
                for (int i = 0; i < properties.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    JsonTree.appendString(out, properties.get(i).name());
                    out.append(':');
                    properties.get(i).write(value, out);
                }
                out.append('}');
            }

            @Override
            public T read(Object node, String path) throws InvalidRecordException {
                Map<String, Object> object = JsonTree.object(node, path);
                checkFields(object, path, names);
                T value = maker.make();
                for (Property<T, ?> p : properties) {
                    p.read(value, object.get(p.name()), JsonTree.child(path, p.name()));
                }
                return value;
            }
        };
    }

    /** A codec with its declared type. */
    private abstract static class Basic<T> implements JsonCodec<T> {
        private static final long serialVersionUID = 1L;

        private final TypeInformation<T> type;

        Basic(TypeInformation<T> type) {
            this.type = type;
        }

        @Override
        public TypeInformation<T> type() {
            return type;
        }
    }
}
