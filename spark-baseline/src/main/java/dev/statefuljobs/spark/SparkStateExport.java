package dev.statefuljobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Exports the state of a Spark checkpoint of {@link SparkRunningTotals} to the JSON Lines that
 * {@code scripts/state.sh read} prints and {@code scripts/state.sh bootstrap} takes, so a Flink job
 * can start where the Spark query stopped:
 *
 * <pre>
 * SparkStateExport &lt;checkpoint&gt; --job running-total|running-total-expiring --out &lt;state.jsonl&gt;
 *                  [--batch-id N] [--master local[2]]
 *   running-total           {"userId":"user1","total":120.0}
 *   running-total-expiring  {"userId":"user1","total":120.0,"timeout_at":"2025-01-01T03:14:20Z"}
 * </pre>
 *
 * It reads the state with Spark 4's state data source, {@code
 * spark.read.format("statestore").load(checkpoint)}: one row per key, {@code key} (the grouping
 * key, {@code key.value} for {@code groupByKey} with {@code Encoders.STRING()}), {@code value}
 * ({@code value.groupState}, the state as its encoder's row: {@code groupState.value} for {@code
 * Encoders.DOUBLE()}, the bean's fields for a bean; and, with a timeout configured, {@code
 * value.timeoutTimestamp}, the pending timeout in ms or -1) and {@code partition_id}. The state of
 * the last committed batch unless {@code --batch-id}. Lines are sorted as {@code state.sh read}
 * sorts them. It prints one line on stdout:
 *
 * <pre>
 * SparkStateExport &lt;job&gt; batch=B keys=N timeouts=T out=&lt;file&gt;
 * </pre>
 */
public final class SparkStateExport {

    /** Spark's GroupState marker for "no timeout" ({@code GroupStateImpl.NO_TIMESTAMP}). */
    static final long NO_TIMESTAMP = -1L;

    private SparkStateExport() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String checkpoint = args[0];
        String job = null;
        String out = null;
        String batchId = null;
        String master = "local[2]";
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                fail("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--job" -> job = value;
                case "--out" -> out = value;
                case "--batch-id" -> batchId = value;
                case "--master" -> master = value;
                default -> fail("unknown flag " + flag);
            }
        }
        if (job == null || !(job.equals("running-total") || job.equals("running-total-expiring"))) {
            fail("--job must be running-total or running-total-expiring");
        }
        if (out == null) {
            fail("missing --out <state.jsonl>");
        }
        // A local checkpoint is checked here; one on another file system (hdfs://, s3a://) by
        // Spark.
        if (!checkpoint.contains(":/") && !Files.isDirectory(Path.of(checkpoint, "state"))) {
            fail(
                    checkpoint
                            + " is not the checkpoint of a stateful Spark query (it has no state/"
                            + " directory)");
        }

        SparkSession spark =
                SparkSession.builder().appName("export " + job).master(master).getOrCreate();
        try {
            export(spark, checkpoint, job, batchId, Path.of(out));
        } finally {
            spark.stop();
        }
    }

    private static void export(
            SparkSession spark, String checkpoint, String job, String batchId, Path out)
            throws IOException {
        // Starts Spark's StateStoreCoordinator: a session that never ran a streaming query has
        // none,
        // and Spark 4.2's state reader then fails to load the state (SPARK-58973).
        spark.streams();

        var reader = spark.read().format("statestore");
        if (batchId != null) {
            reader = reader.option("batchId", batchId);
        }
        Dataset<Row> state = reader.load(checkpoint);
        boolean expiring = job.equals("running-total-expiring");
        checkSchema(state.schema(), expiring);

        // The total: the field of the state bean, or the value of Encoders.DOUBLE()'s row. A query
        // with NoTimeout keeps no timeoutTimestamp column.
        Column none = lit(NO_TIMESTAMP);
        Dataset<Row> rows =
                state.select(
                        col("key.value").as("userId"),
                        col(expiring ? "value.groupState.total" : "value.groupState.value")
                                .as("total"),
                        (expiring ? col("value.timeoutTimestamp") : none).as("timeoutMs"),
                        (expiring ? col("value.groupState.expiresAt") : none).as("expiresAt"));

        List<String> lines = new ArrayList<>();
        long timeouts = 0;
        Iterator<Row> it = rows.toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            String userId = row.getString(0);
            Double total = row.isNullAt(1) ? null : row.getDouble(1);
            long timeoutMs = row.getLong(2);
            if (expiring && total != null && timeoutMs != row.getLong(3)) {
                // The job arms its timeout at the deadline it keeps: a difference means another
                // job.
                fail(
                        "user "
                                + userId
                                + ": the timeout ("
                                + timeoutMs
                                + ") is not the deadline in the state ("
                                + row.getLong(3)
                                + "); is this running-total-expiring's checkpoint?");
            }
            if (total == null && timeoutMs == NO_TIMESTAMP) {
                continue; // nothing to carry (Spark keeps no such row, but be safe)
            }
            timeouts += timeoutMs == NO_TIMESTAMP ? 0 : 1;
            lines.add(line(userId, total, timeoutMs));
        }
        // As state.sh read sorts its lines.
        lines.sort(null);

        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        System.out.printf(
                "SparkStateExport %s batch=%s keys=%d timeouts=%d out=%s%n",
                job,
                batchId == null ? lastBatch(spark, checkpoint) : batchId,
                lines.size(),
                timeouts,
                out);
    }

    /**
     * One key's line: {@code {"userId":...,"total":...}} and {@code "timeout_at"} when a timeout is
     * pending, written as the Flink jobs write JSON (Java's double text, ISO-8601 in UTC).
     */
    static String line(String userId, Double total, long timeoutMs) {
        StringBuilder json = new StringBuilder(80).append("{\"userId\":\"");
        JsonStringEncoder.getInstance().quoteAsString(userId, json);
        json.append('"');
        if (total != null) {
            json.append(",\"total\":").append(total.doubleValue());
        }
        if (timeoutMs != NO_TIMESTAMP) {
            json.append(",\"timeout_at\":\"").append(Instant.ofEpochMilli(timeoutMs)).append('"');
        }
        return json.append('}').toString();
    }

    /** Fails with one sentence unless the state rows are those of the job's query. */
    private static void checkSchema(StructType schema, boolean expiring) {
        DataType key = field(schema, "key");
        DataType value = field(schema, "value");
        boolean ok =
                key instanceof StructType k
                        && DataTypes.StringType.equals(field(k, "value"))
                        && value instanceof StructType v
                        && field(v, "groupState") instanceof StructType g
                        && (expiring
                                ? DataTypes.LongType.equals(field(v, "timeoutTimestamp"))
                                        && DataTypes.DoubleType.equals(field(g, "total"))
                                        && DataTypes.LongType.equals(field(g, "expiresAt"))
                                : field(v, "timeoutTimestamp") == null
                                        && DataTypes.DoubleType.equals(field(g, "value")));
        if (!ok) {
            fail(
                    "the state is not that of "
                            + (expiring ? "running-total-expiring" : "running-total")
                            + " ([flat]mapGroupsWithState keyed by a string, with "
                            + (expiring
                                    ? "a {total, expiresAt} state and EventTimeTimeout"
                                    : "a double state and NoTimeout")
                            + "): its schema is "
                            + schema.simpleString());
        }
    }

    private static DataType field(StructType struct, String name) {
        for (var f : struct.fields()) {
            if (f.name().equals(name)) {
                return f.dataType();
            }
        }
        return null;
    }

    /** The batch whose state the reader took by default: the last committed one. */
    private static String lastBatch(SparkSession spark, String checkpoint) {
        List<Row> meta =
                spark.read()
                        .format("state-metadata")
                        .load(checkpoint)
                        .select("maxBatchId")
                        .collectAsList();
        return meta.isEmpty() ? "?" : String.valueOf(meta.get(0).getLong(0));
    }

    private static void usage() {
        System.err.println(
                "Usage: SparkStateExport <checkpoint> --job running-total|running-total-expiring"
                        + " --out <state.jsonl> [--batch-id N] [--master local[2]]");
    }

    private static void fail(String message) {
        System.err.println("SparkStateExport: " + message);
        System.exit(2);
    }
}
