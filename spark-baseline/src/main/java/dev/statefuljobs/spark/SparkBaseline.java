package dev.statefuljobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.window;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsWithStateFunction;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@code scripts/bench.sh spark}: two of the jobs written the way Spark users
 * write them, run once over the same JSON Lines files as the Flink jobs.
 *
 * <pre>
 * SparkBaseline clicks-per-minute|running-total &lt;input dir&gt; --checkpoint &lt;new dir&gt; [--master local[2]]
 *   clicks-per-minute  readStream.format("text") + from_json(schema), withWatermark("eventtimestamp", "0 seconds"),
 *                      groupBy(window(eventtimestamp, "1 minute"), user_id).count(), append mode
 *   running-total      readStream.format("text") + from_json(schema) .as(bean), groupByKey(userId)
 *                      .mapGroupsWithState(AddToTotal, NoTimeout), update mode
 * SparkBaseline java-options
 *   prints the JVM options that Spark's own launcher (spark-submit) adds on Java 17
 * </pre>
 *
 * Both queries write to the no-op sink ({@code format("noop")}) with one {@code
 * Trigger.AvailableNow()} run over every file of the directory, and Spark's defaults otherwise
 * (system properties {@code -Dspark.*} set more, as with spark-submit's {@code --conf}). The
 * session is created first and not timed; the time is from {@code start()} to the end of {@code
 * awaitTermination()}, the query's own runtime, as Flink's net job runtime is. It prints one line
 * on stdout:
 *
 * <pre>
 * SparkBaseline &lt;workload&gt; events=N batches=B output_rows=R state_rows=S query_ms=T query_cpu_ms=C
 * </pre>
 *
 * (events: input rows over all batches; state_rows: rows in the state store after the last batch;
 * query_cpu_ms: the whole process's CPU time during the query).
 */
public final class SparkBaseline {

    /**
     * The watermark delay of the window count: the Flink job's default {@code --out-of-orderness}
     * (0s). The generated clicks are in event-time order.
     */
    static final String WATERMARK_DELAY = "0 seconds";

    private SparkBaseline() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("java-options")) {
            System.out.println(JavaModuleOptions.defaultModuleOptions());
            return;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String workload = args[0];
        if (!workload.equals("clicks-per-minute") && !workload.equals("running-total")) {
            fail("unknown workload '" + workload + "' (clicks-per-minute or running-total)");
        }
        if (args.length < 2) {
            fail("missing the input directory");
        }
        String input = args[1];
        String checkpoint = null;
        String master = "local[2]";
        for (int i = 2; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                fail("flag " + flag + " needs a value");
            }
            switch (flag) {
                case "--checkpoint":
                    checkpoint = args[++i];
                    break;
                case "--master":
                    master = args[++i];
                    break;
                default:
                    fail("unknown flag " + flag);
            }
        }
        if (checkpoint == null) {
            fail("missing --checkpoint <dir> (a new directory: an existing one resumes its query)");
        }

        SparkSession spark =
                SparkSession.builder().appName("bench-" + workload).master(master).getOrCreate();
        try {
            run(spark, workload, input, checkpoint);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, String workload, String input, String checkpoint)
            throws TimeoutException {
        Dataset<Row> lines = spark.readStream().format("text").load(input);
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        StreamingQuery query =
                workload.equals("clicks-per-minute")
                        ? clicksPerMinute(lines, checkpoint)
                        : runningTotal(lines, checkpoint);
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            fail("the Spark query failed: " + e.getMessage());
        }
        long queryMs = (System.nanoTime() - startNanos) / 1_000_000;
        long cpuMs = (processCpuNanos() - startCpu) / 1_000_000;

        long events = 0;
        long outputRows = 0;
        long stateRows = 0;
        StreamingQueryProgress[] progress = query.recentProgress();
        for (StreamingQueryProgress p : progress) {
            events += p.numInputRows();
            if (p.sink() != null && p.sink().numOutputRows() > 0) {
                outputRows += p.sink().numOutputRows();
            }
            if (p.stateOperators().length > 0) {
                stateRows = p.stateOperators()[0].numRowsTotal();
            }
        }
        System.out.printf(
                "SparkBaseline %s events=%d batches=%d output_rows=%d state_rows=%d query_ms=%d"
                        + " query_cpu_ms=%d%n",
                workload, events, progress.length, outputRows, stateRows, queryMs, cpuMs);
    }

    /**
     * {@code groupBy(window(eventtimestamp, "1 minute"), user_id).count()} with a watermark, in
     * append mode: each window once, when the watermark passes its end (the Flink job's {@code
     * --emit final}).
     */
    static StreamingQuery clicksPerMinute(Dataset<Row> lines, String checkpoint)
            throws TimeoutException {
        StructType schema =
                new StructType()
                        .add("user_id", DataTypes.StringType)
                        .add("event", DataTypes.StringType)
                        .add("eventtimestamp", DataTypes.TimestampType);
        Dataset<Row> clicks = lines.select(from_json(col("value"), schema).as("c")).select("c.*");
        Dataset<Row> counts =
                clicks.withWatermark("eventtimestamp", WATERMARK_DELAY)
                        .groupBy(window(col("eventtimestamp"), "1 minute"), col("user_id"))
                        .count();
        return counts.writeStream()
                .outputMode("append")
                .format("noop")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start();
    }

    /**
     * {@code groupByKey(userId).mapGroupsWithState(AddToTotal, NoTimeout)}, in update mode (the
     * only mode that mapGroupsWithState allows).
     */
    static StreamingQuery runningTotal(Dataset<Row> lines, String checkpoint)
            throws TimeoutException {
        Dataset<Transaction> transactions = Transaction.of(lines);
        Dataset<Total> totals =
                transactions
                        .groupByKey(
                                (MapFunction<Transaction, String>) Transaction::getUserId,
                                Encoders.STRING())
                        .mapGroupsWithState(
                                new AddToTotal(),
                                Encoders.DOUBLE(),
                                Encoders.bean(Total.class),
                                GroupStateTimeout.NoTimeout());
        return totals.writeStream()
                .outputMode("update")
                .format("noop")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow())
                .start();
    }

    /**
     * The seed's update function: adds a user's new transactions to the total in the state and
     * returns the new total. Spark calls it once per user and micro-batch, with all of that user's
     * transactions in the batch.
     */
    public static final class AddToTotal
            implements MapGroupsWithStateFunction<String, Transaction, Double, Total> {
        private static final long serialVersionUID = 1L;

        @Override
        public Total call(
                String userId, Iterator<Transaction> transactions, GroupState<Double> state) {
            double total = state.exists() ? state.get() : 0.0;
            while (transactions.hasNext()) {
                total += transactions.next().getAmount();
            }
            state.update(total);
            return new Total(userId, total);
        }
    }

    /** A user's running total, {@code {"userId","total"}} as the Flink job emits it. */
    public static final class Total implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private String userId;
        private double total;

        public Total() {}

        Total(String userId, double total) {
            this.userId = userId;
            this.total = total;
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
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private static void usage() {
        System.err.println(
                "Usage: SparkBaseline clicks-per-minute|running-total <input dir> --checkpoint <new dir>"
                        + " [--master local[2]]\n"
                        + "       SparkBaseline java-options");
    }

    private static void fail(String message) {
        System.err.println("SparkBaseline: " + message);
        System.exit(2);
    }
}
