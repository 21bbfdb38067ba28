package dev.statefuljobs.common.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The shared part of the hand-written event serializers ({@link EventTypeInfo}): a subclass says
 * how to write an event's fields, read them back into an instance, and copy them; copying and
 * (de)serializing with or without reuse are built from those three.
 */
public abstract class EventSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Writes the event's fields, in a fixed order. */
    protected abstract void write(T event, DataOutputView target) throws IOException;

    /** Reads the fields written by {@link #write} into {@code reuse} and returns it. */
    protected abstract T read(T reuse, DataInputView source) throws IOException;

    /** Copies every field of {@code from} into {@code to} and returns {@code to}. */
    protected abstract T copyFields(T from, T to);

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T copy(T from) {
        return copyFields(from, createInstance());
    }

    @Override
    public final T copy(T from, T reuse) {
        return copyFields(from, reuse);
    }

    @Override
    public final void serialize(T event, DataOutputView target) throws IOException {
        write(event, target);
    }

    @Override
    public final T deserialize(DataInputView source) throws IOException {
        return read(createInstance(), source);
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return read(reuse, source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(createInstance(), source), target);
    }
}
