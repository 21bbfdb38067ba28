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
 * Serializes a {@link Transaction} as userId and transactionId (Flink's string encoding, null
 * allowed), the time and the amount: no reflection, no per-field null markers (see {@link
 * EventTypeInfo}).
 */
public final class TransactionSerializer extends EventSerializer<Transaction> {
    private static final long serialVersionUID = 1L;

    public static final TransactionSerializer INSTANCE = new TransactionSerializer();

    /**
     * The type of {@link Transaction} wherever Flink extracts it ({@code @TypeInfo} on the class).
     */
    public static final class Factory extends TypeInfoFactory<Transaction> {
        @Override
        public TypeInformation<Transaction> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new EventTypeInfo<>(Transaction.class, () -> INSTANCE);
        }
    }

    @Override
    public Transaction createInstance() {
        return new Transaction();
    }

    @Override
    protected void write(Transaction transaction, DataOutputView target) throws IOException {
        StringValue.writeString(transaction.userId, target);
        StringValue.writeString(transaction.transactionId, target);
        target.writeLong(transaction.transactionTime);
        target.writeDouble(transaction.amount);
    }

    @Override
    protected Transaction read(Transaction reuse, DataInputView source) throws IOException {
        reuse.userId = StringValue.readString(source);
        reuse.transactionId = StringValue.readString(source);
        reuse.transactionTime = source.readLong();
        reuse.amount = source.readDouble();
        return reuse;
    }

    @Override
    protected Transaction copyFields(Transaction from, Transaction to) {
        to.userId = from.userId;
        to.transactionId = from.transactionId;
        to.transactionTime = from.transactionTime;
        to.amount = from.amount;
        return to;
    }

    @Override
    public TypeSerializerSnapshot<Transaction> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer configuration snapshot for compatibility and format evolution. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Transaction> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
