package dev.statefuljobs.common.events;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The Flink type of an input event with a hand-written serializer ({@link ClickSerializer}, {@link
 * TransactionSerializer}). Events cross the network at every {@code keyBy}, once per record;
 * Flink's {@code PojoSerializer} reads and writes each field through reflection and a null marker,
 * the hand-written one writes the fields directly. Events are records only, never keyed state, so
 * no savepoint holds them.
 */
public final class EventTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final SerializerFactory<T> serializer;

    /** A serializable supplier of the serializer (TypeInformation travels with the job graph). */
    public interface SerializerFactory<T>
            extends Supplier<TypeSerializer<T>>, java.io.Serializable {}

    public EventTypeInfo(Class<T> type, SerializerFactory<T> serializer) {
        this.type = Objects.requireNonNull(type, "type");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.get();
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeInfo && ((EventTypeInfo<?>) o).type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof EventTypeInfo;
    }
}
