package dev.statefuljobs.common.events;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Serializes a {@link Click} as userId and event (Flink's string encoding, null allowed) and the timestamp: no
 * reflection, no per-field null markers (see {@link EventTypeInfo}).
 */
public final class ClickSerializer extends TypeSerializerSingleton<Click> {
    private static final long serialVersionUID = 1L;

    public static final ClickSerializer INSTANCE = new ClickSerializer();

    /** The type of {@link Click} wherever Flink extracts it ({@code @TypeInfo} on the class). */
    public static final class Factory extends TypeInfoFactory<Click> {
        @Override
        public TypeInformation<Click> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new EventTypeInfo<>(Click.class, () -> INSTANCE);
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Click createInstance() {
        return new Click();
    }

    @Override
    public Click copy(Click from) {
        return new Click(from.userId, from.event, from.timestamp);
    }

    @Override
    public Click copy(Click from, Click reuse) {
        reuse.userId = from.userId;
        reuse.event = from.event;
        reuse.timestamp = from.timestamp;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Click click, DataOutputView target) throws IOException {
        StringValue.writeString(click.userId, target);
        StringValue.writeString(click.event, target);
        target.writeLong(click.timestamp);
    }

    @Override
    public Click deserialize(DataInputView source) throws IOException {
        return new Click(StringValue.readString(source), StringValue.readString(source), source.readLong());
    }

    @Override
    public Click deserialize(Click reuse, DataInputView source) throws IOException {
        reuse.userId = StringValue.readString(source);
        reuse.event = StringValue.readString(source);
        reuse.timestamp = source.readLong();
        return reuse;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        StringValue.copyString(source, target);
        StringValue.copyString(source, target);
        target.writeLong(source.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Click> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer configuration snapshot for compatibility and format evolution. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Click> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
