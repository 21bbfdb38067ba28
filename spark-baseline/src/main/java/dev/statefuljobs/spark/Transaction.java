package dev.statefuljobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.timestamp_seconds;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The seed's transaction as Spark reads it: a Java bean for {@code Encoders.bean}, from JSON Lines
 * with {@code from_json} and the seed's schema ({@code transactionTime} in epoch seconds, as the
 * Flink jobs read it).
 */
public final class Transaction implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The seed's schema. */
    static final StructType SCHEMA =
            new StructType()
                    .add("userId", DataTypes.StringType)
                    .add("transactionId", DataTypes.StringType)
                    .add("transactionTime", DataTypes.LongType)
                    .add("amount", DataTypes.DoubleType);

    /** The event-time column that {@link #withEventTime} adds, for {@code withWatermark}. */
    static final String EVENT_TIME = "eventTime";

    private String userId;
    private String transactionId;
    private long transactionTime;
    private double amount;

    /** The transactions of JSON lines (a {@code value} column, as {@code format("text")} reads). */
    static Dataset<Transaction> of(Dataset<Row> lines) {
        return parse(lines).as(Encoders.bean(Transaction.class));
    }

    /**
     * The same, with {@link #EVENT_TIME}: {@code transactionTime} as a timestamp. The bean ignores
     * the extra column; the watermark needs it upstream of {@code groupByKey}.
     */
    static Dataset<Row> withEventTime(Dataset<Row> lines) {
        return parse(lines).withColumn(EVENT_TIME, timestamp_seconds(col("transactionTime")));
    }

    private static Dataset<Row> parse(Dataset<Row> lines) {
        return lines.select(from_json(col("value"), SCHEMA).as("t")).select("t.*");
    }

    /** Event time in ms, as the Flink jobs keep it. */
    long eventTimeMs() {
        return transactionTime * 1000L;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getTransactionId() {
        return transactionId;
    }

    public void setTransactionId(String transactionId) {
        this.transactionId = transactionId;
    }

    public long getTransactionTime() {
        return transactionTime;
    }

    public void setTransactionTime(long transactionTime) {
        this.transactionTime = transactionTime;
    }

    public double getAmount() {
        return amount;
    }

    public void setAmount(double amount) {
        this.amount = amount;
    }
}
