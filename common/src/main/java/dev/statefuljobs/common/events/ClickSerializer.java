package dev.statefuljobs.common.events;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes a {@link Click} as userId and event (Flink's string encoding, null allowed) and the
 * timestamp: no reflection, no per-field null markers (see {@link EventTypeInfo}).
 */
public final class ClickSerializer extends EventSerializer<Click> {
    private static final long serialVersionUID = 1L;

    public static final ClickSerializer INSTANCE = new ClickSerializer();

    /** The type of {@link Click} wherever Flink extracts it ({@code @TypeInfo} on the class). */
    public static final class Factory extends TypeInfoFactory<Click> {
        @Override
        public TypeInformation<Click> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new EventTypeInfo<>(Click.class, () -> INSTANCE);
        }
    }

    @Override
    public Click createInstance() {
        return new Click();
    }

    @Override
    protected void write(Click click, DataOutputView target) throws IOException {
        StringValue.writeString(click.userId, target);
        StringValue.writeString(click.event, target);
        target.writeLong(click.timestamp);
    }

    @Override
    protected Click read(Click reuse, DataInputView source) throws IOException {
        reuse.userId = StringValue.readString(source);
        reuse.event = StringValue.readString(source);
        reuse.timestamp = source.readLong();
        return reuse;
    }

    @Override
    protected Click copyFields(Click from, Click to) {
        to.userId = from.userId;
        to.event = from.event;
        to.timestamp = from.timestamp;
        return to;
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
