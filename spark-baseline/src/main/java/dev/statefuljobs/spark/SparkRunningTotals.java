package dev.statefuljobs.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The Spark side of {@code scripts/e2e-spark-migration.sh}: the seed's two running totals as a
 * Spark user runs them, so that their checkpoint is real Spark state to migrate.
 *
 * <pre>
 * SparkRunningTotals running-total|running-total-expiring &lt;input dir&gt; --checkpoint &lt;dir&gt; --output &lt;dir&gt;
 *                    [--timeout-seconds 3600] [--master local[2]]
 *   running-total           groupByKey(userId).mapGroupsWithState(AddToTotal, NoTimeout)
 *   running-total-expiring  withWatermark(eventTime, "0 seconds").groupByKey(userId)
 *                           .flatMapGroupsWithState(AddOrExpire, Update, EventTimeTimeout)
 * </pre>
 *
 * The input is JSON Lines read with {@code format("text")} and {@code from_json}; the query runs
 * once with {@code Trigger.AvailableNow()} and writes each micro-batch's rows as JSON Lines to
 * {@code <output>/batch-<id>/} (foreachBatch: Spark's file sink takes no update mode), in the field
 * order of the Flink jobs' output. A second run on the same checkpoint continues where the first
 * stopped, as a Spark user's would. It prints one line on stdout:
 *
 * <pre>
 * SparkRunningTotals &lt;job&gt; events=N batches=B output_rows=R state_rows=S query_ms=T
 * </pre>
 */
public final class SparkRunningTotals {

    /** The watermark delay: the Flink jobs' default {@code --out-of-orderness} (0s). */
    static final String WATERMARK_DELAY = "0 seconds";

    private SparkRunningTotals() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String job = args[0];
        if (!job.equals("running-total") && !job.equals("running-total-expiring")) {
            fail("unknown job '" + job + "' (running-total or running-total-expiring)");
        }
        if (args.length < 2 || args[1].startsWith("--")) {
            fail("missing the input directory");
        }
        String input = args[1];
        String checkpoint = null;
        String output = null;
        String master = "local[2]";
        long timeoutMs = 3_600_000L;
        for (int i = 2; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                fail("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--checkpoint" -> checkpoint = value;
                case "--output" -> output = value;
                case "--master" -> master = value;
                case "--timeout-seconds" -> timeoutMs = positiveSeconds(value) * 1000L;
                default -> fail("unknown flag " + flag);
            }
        }
        if (checkpoint == null) {
            fail("missing --checkpoint <dir> (the query's checkpoint: its state is what migrates)");
        }
        if (output == null) {
            fail("missing --output <dir> (each micro-batch's rows go to <dir>/batch-<id>/)");
        }

        SparkSession spark = SparkSession.builder().appName(job).master(master).getOrCreate();
        try {
            run(spark, job, input, checkpoint, output, timeoutMs);
        } finally {
            spark.stop();
        }
    }

    private static void run(
            SparkSession spark,
            String job,
            String input,
            String checkpoint,
            String output,
            long timeoutMs)
            throws TimeoutException, IOException {
        Dataset<Row> lines = spark.readStream().format("text").load(input);
        Dataset<Row> totals =
                job.equals("running-total")
                        ? runningTotal(lines)
                        : runningTotalExpiring(lines, timeoutMs);
        long startNanos = System.nanoTime();
        StreamingQuery query =
                totals.writeStream()
                        .outputMode(OutputMode.Update())
                        .foreachBatch(new WriteJsonLines(output))
                        .option("checkpointLocation", checkpoint)
                        .trigger(Trigger.AvailableNow())
                        .start();
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            fail("the Spark query failed: " + e.getMessage());
        }
        long queryMs = (System.nanoTime() - startNanos) / 1_000_000;

        long events = 0;
        long stateRows = 0;
        StreamingQueryProgress[] progress = query.recentProgress();
        for (StreamingQueryProgress p : progress) {
            events += p.numInputRows();
            if (p.stateOperators().length > 0) {
                stateRows = p.stateOperators()[0].numRowsTotal();
            }
        }
        long outputRows = WriteJsonLines.rows(output);
        System.out.printf(
                "SparkRunningTotals %s events=%d batches=%d output_rows=%d state_rows=%d"
                        + " query_ms=%d%n",
                job, events, progress.length, outputRows, stateRows, queryMs);
    }

    /**
     * {@code groupByKey(userId).mapGroupsWithState(AddToTotal, NoTimeout)}: the benchmark's query,
     * one total per user and micro-batch.
     */
    static Dataset<Row> runningTotal(Dataset<Row> lines) {
        return Transaction.of(lines)
                .groupByKey(
                        (MapFunction<Transaction, String>) Transaction::getUserId,
                        Encoders.STRING())
                .mapGroupsWithState(
                        new SparkBaseline.AddToTotal(),
                        Encoders.DOUBLE(),
                        Encoders.bean(SparkBaseline.Total.class),
                        GroupStateTimeout.NoTimeout())
                .select(col("userId"), col("total"));
    }

    /**
     * {@code withWatermark(eventTime, "0 seconds")}, then {@code groupByKey(userId)
     * .flatMapGroupsWithState(AddOrExpire, Update, EventTimeTimeout)}: a total per transaction and
     * an expiry row per timeout.
     */
    static Dataset<Row> runningTotalExpiring(Dataset<Row> lines, long timeoutMs) {
        return Transaction.withEventTime(lines)
                .withWatermark(Transaction.EVENT_TIME, WATERMARK_DELAY)
                .as(Encoders.bean(Transaction.class))
                .groupByKey(
                        (MapFunction<Transaction, String>) Transaction::getUserId,
                        Encoders.STRING())
                .flatMapGroupsWithState(
                        new AddOrExpire(timeoutMs),
                        OutputMode.Update(),
                        Encoders.bean(ExpiringTotal.class),
                        Encoders.bean(TotalRow.class),
                        GroupStateTimeout.EventTimeTimeout())
                .select(
                        col("userId"),
                        col("total"),
                        col("expired"),
                        col("expiredAt").as("expired_at"));
    }

    /**
     * The Flink job's {@code AddOrExpire} (running-total-expiring) on Spark's GroupState: a total
     * that is cleared one timeout of event time after its user's latest transaction, event-time
     * correct within a micro-batch too (a transaction later than the deadline first emits the old
     * total's expiry). Spark passes a user's transactions of a batch in no guaranteed order, so
     * they are sorted by event time first (a stable sort: ties keep Spark's order).
     *
     * <p>The state keeps the deadline beside the total because Spark's GroupState cannot tell the
     * timed-out call which deadline passed, and the expiry row reports it; the same deadline is
     * what Spark's state rows carry as {@code timeoutTimestamp}, which is what the export reads.
     */
    public static final class AddOrExpire
            implements FlatMapGroupsWithStateFunction<
                    String, Transaction, ExpiringTotal, TotalRow> {
        private static final long serialVersionUID = 1L;

        private final long timeoutMs;

        public AddOrExpire(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public Iterator<TotalRow> call(
                String userId, Iterator<Transaction> values, GroupState<ExpiringTotal> state) {
            if (state.hasTimedOut()) {
                ExpiringTotal expired = state.get();
                state.remove();
                return List.of(TotalRow.expiry(userId, expired.getTotal(), expired.getExpiresAt()))
                        .iterator();
            }
            List<Transaction> transactions = new ArrayList<>();
            values.forEachRemaining(transactions::add);
            transactions.sort(Comparator.comparingLong(Transaction::getTransactionTime));

            List<TotalRow> out = new ArrayList<>(transactions.size() + 1);
            ExpiringTotal kept = state.exists() ? state.get() : null;
            Double total = kept == null ? null : kept.getTotal();
            long expiresAt = kept == null ? Long.MIN_VALUE : kept.getExpiresAt();
            for (Transaction tx : transactions) {
                long time = tx.eventTimeMs();
                if (total != null && time > expiresAt) {
                    // Expired in event time; the watermark has not fired the timeout yet.
                    out.add(TotalRow.expiry(userId, total, expiresAt));
                    total = null;
                }
                if (total == null) {
                    total = 0.0;
                }
                expiresAt = Math.max(expiresAt, time + timeoutMs);
                total += tx.getAmount();
                out.add(TotalRow.total(userId, total));
            }
            state.update(new ExpiringTotal(total, expiresAt));
            state.setTimeoutTimestamp(expiresAt);
            return out.iterator();
        }
    }

    /** running-total-expiring's state: the total and its deadline (event time, ms). */
    public static final class ExpiringTotal implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private double total;
        private long expiresAt;

        public ExpiringTotal() {}

        ExpiringTotal(double total, long expiresAt) {
            this.total = total;
            this.expiresAt = expiresAt;
        }

        public double getTotal() {
            return total;
        }

        public void setTotal(double total) {
            this.total = total;
        }

        public long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(long expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    /**
     * An output row of running-total-expiring: {@code {"userId","total"}}, or on expiry {@code
     * {"userId","total","expired":true,"expired_at"}} as the Flink job writes it (null fields are
     * left out of Spark's JSON).
     */
    public static final class TotalRow implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private String userId;
        private double total;
        private Boolean expired;
        private String expiredAt;

        public TotalRow() {}

        static TotalRow total(String userId, double total) {
            TotalRow row = new TotalRow();
            row.userId = userId;
            row.total = total;
            return row;
        }

        static TotalRow expiry(String userId, double total, long expiredAtMs) {
            TotalRow row = total(userId, total);
            row.expired = true;
            // ISO-8601 as the Flink job writes it: fractions of a second only when there are any.
            row.expiredAt = Instant.ofEpochMilli(expiredAtMs).toString();
            return row;
        }

        public String getUserId() {
            return userId;
        }

        public void setUserId(String userId) {
            this.userId = userId;
        }

        public double getTotal() {
            return total;
        }

        public void setTotal(double total) {
            this.total = total;
        }

        public Boolean getExpired() {
            return expired;
        }

        public void setExpired(Boolean expired) {
            this.expired = expired;
        }

        public String getExpiredAt() {
            return expiredAt;
        }

        public void setExpiredAt(String expiredAt) {
            this.expiredAt = expiredAt;
        }
    }

    /** foreachBatch: a micro-batch's rows as JSON Lines under {@code <output>/batch-<id>/}. */
    static final class WriteJsonLines implements VoidFunction2<Dataset<Row>, Long> {
        private static final long serialVersionUID = 1L;
        private final String output;

        WriteJsonLines(String output) {
            this.output = output;
        }

        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            // Overwrite: a batch that Spark runs again after a failure replaces its own rows.
            batch.write().mode(SaveMode.Overwrite).json(output + "/batch-" + batchId);
        }

        /** The rows written so far: lines of the part files (foreachBatch reports no count). */
        static long rows(String output) throws IOException {
            Path dir = Path.of(output);
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            long rows = 0;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.startsWith("part-") && name.endsWith(".json")) {
                        try (Stream<String> lines = Files.lines(file)) {
                            rows += lines.count();
                        }
                    }
                }
            }
            return rows;
        }
    }

    private static long positiveSeconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("--timeout-seconds must be a positive number of seconds, got '" + value + "'");
        return 0;
    }

    private static void usage() {
        System.err.println(
                "Usage: SparkRunningTotals running-total|running-total-expiring <input dir>"
                        + " --checkpoint <dir> --output <dir> [--timeout-seconds 3600]"
                        + " [--master local[2]]");
    }

    private static void fail(String message) {
        System.err.println("SparkRunningTotals: " + message);
        System.exit(2);
    }
}
