package dev.statefuljobs.common.events;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A transaction from the seed's Kafka topic: {@code
 * {"userId":"user1","transactionId":"tx1001","transactionTime":1700000000,"amount":50.0}}. Its
 * Flink type is {@link EventTypeInfo} with {@link TransactionSerializer} (never Kryo).
 */
@TypeInfo(TransactionSerializer.Factory.class)
public class Transaction implements JsonRecord {
    public String userId;
    public String transactionId;

    /**
     * Event time, milliseconds since the epoch (the payload carries seconds or a date-time string).
     */
    public long transactionTime;

    public double amount;

    public Transaction() {}

    public Transaction(String userId, String transactionId, long transactionTime, double amount) {
        this.userId = userId;
        this.transactionId = transactionId;
        this.transactionTime = transactionTime;
        this.amount = amount;
    }

    /** The input's JSON form; the time is written as an ISO-8601 instant. */
    @Override
    public String toJson() {
        return JsonLine.object()
                .field("userId", userId)
                .field("transactionId", transactionId)
                .instant("transactionTime", transactionTime)
                .field("amount", amount)
                .toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Transaction)) return false;
        Transaction t = (Transaction) o;
        return transactionTime == t.transactionTime
                && Double.compare(amount, t.amount) == 0
                && Objects.equals(userId, t.userId)
                && Objects.equals(transactionId, t.transactionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, transactionId, transactionTime, amount);
    }

    @Override
    public String toString() {
        return "Transaction{"
                + userId
                + ", "
                + transactionId
                + ", "
                + java.time.Instant.ofEpochMilli(transactionTime)
                + ", "
                + amount
                + "}";
    }
}
