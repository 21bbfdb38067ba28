package dev.statefuljobs.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventSerializersTest {

    private static final List<Click> CLICKS =
            List.of(
                    new Click("user1", "click", 1690711200000L),
                    new Click("üser \"2\"", null, 0L),
                    new Click(null, "", Long.MIN_VALUE),
                    new Click("", "view", Long.MAX_VALUE));

    private static final List<Transaction> TRANSACTIONS =
            List.of(
                    new Transaction("user1", "tx1001", 1700000000000L, 50.0),
                    new Transaction("user2", null, 0L, -0.0),
                    new Transaction(null, "", Long.MAX_VALUE, Double.MIN_VALUE),
                    new Transaction("€", "tx", -1L, 1e308));

    @Test
    void flinkExtractsTheHandWrittenSerializers() {
        assertSame(ClickSerializer.INSTANCE, serializer(TypeInformation.of(Click.class)));
        assertSame(
                TransactionSerializer.INSTANCE, serializer(TypeInformation.of(Transaction.class)));
        assertInstanceOf(EventTypeInfo.class, new ClickFormat().type());
        assertInstanceOf(EventTypeInfo.class, new TransactionFormat().type());
        assertEquals(new ClickFormat().type(), TypeInformation.of(Click.class));
    }

    @Test
    void clicksRoundTrip() throws IOException {
        roundTrip(ClickSerializer.INSTANCE, CLICKS);
    }

    @Test
    void transactionsRoundTrip() throws IOException {
        roundTrip(TransactionSerializer.INSTANCE, TRANSACTIONS);
    }

    @Test
    void snapshotsAreCompatibleAsIs() throws IOException {
        compatibleAfterRestore(ClickSerializer.INSTANCE);
        compatibleAfterRestore(TransactionSerializer.INSTANCE);
    }

    private static <T> TypeSerializer<T> serializer(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfigImpl());
    }

    private static <T> void roundTrip(TypeSerializer<T> serializer, List<T> values)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (T v : values) {
            serializer.serialize(v, out);
        }
        // Each value again through copy(DataInputView, DataOutputView), which must copy exactly one
        // record.
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        for (int i = 0; i < values.size(); i++) {
            serializer.copy(in, copied);
        }
        assertEquals(0, in.available());

        DataInputDeserializer read = new DataInputDeserializer(copied.getCopyOfBuffer());
        for (T v : values) {
            T back = serializer.deserialize(read);
            assertEquals(v, back);
            assertNotSame(v, back);
            assertEquals(v, serializer.copy(v));
            assertEquals(v, serializer.copy(v, serializer.createInstance()));
        }
        assertEquals(0, read.available());

        DataInputDeserializer reuse = new DataInputDeserializer(out.getCopyOfBuffer());
        T instance = serializer.createInstance();
        for (T v : values) {
            assertEquals(v, serializer.deserialize(instance, reuse));
        }
    }

    private static <T> void compatibleAfterRestore(TypeSerializer<T> serializer)
            throws IOException {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()), getClass(serializer));
        TypeSerializerSchemaCompatibility<T> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(compatibility.isCompatibleAsIs());
        assertSame(serializer, restored.restoreSerializer());
    }

    private static ClassLoader getClass(Object o) {
        return o.getClass().getClassLoader();
    }
}
