package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.io.RecordParser;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.CollectingSinks;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.HostileInputs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input in a running job: a job reads a file of hostile records (see {@link HostileInputs};
 * random bytes, invalid UTF-8, deep nesting, NaN, extreme timestamps, ...) mixed with valid ones.
 * Restarts are disabled (restart-strategy none), so a single exception anywhere would fail the job:
 * it finishes with 0 restarts, and every line is accounted for.
 */
class FailureHostileInputJobTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            FlinkCluster.extension(METRICS.addToConfiguration(new Configuration()));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    /** A file of hostile and valid records, one per line. */
    record HostileFile(Path path, int lines, int validForTheDataStreamParser) {}

    /** The outputs of a finished run, and its job id for its metrics. */
    record Run(Map<Output, List<String>> outputs, JobID jobId) {
        List<String> results() {
            return outputs.get(Output.RESULTS);
        }

        List<String> deadLetters() {
            return outputs.get(Output.DEAD_LETTERS);
        }

        long counter(String metric) {
            return METRICS.getMetricsByIdentifiers(jobId).entrySet().stream()
                    .filter(
                            e ->
                                    e.getKey().endsWith("." + metric)
                                            && e.getValue() instanceof Counter)
                    .mapToLong(e -> ((Counter) e.getValue()).getCount())
                    .sum();
        }
    }

    @Test
    void runningTotalNeverFailsOnHostileInputAndAccountsForEveryLine() throws Exception {
        HostileFile file = write(new TransactionFormat(), 25_000, true);
        Run run = run(JobCatalog.RUNNING_TOTAL, file);

        List<String> results = run.results();
        List<String> deadLetters = run.deadLetters();
        assertTrue(file.validForTheDataStreamParser() >= 5000, "valid: " + file);
        assertEquals(
                file.validForTheDataStreamParser(),
                results.size(),
                "one total per valid transaction");
        assertEquals(
                file.lines(),
                results.size() + deadLetters.size(),
                "results + dead letters = input lines");
        long oversized = 0;
        for (String d : deadLetters) {
            var json = JSON.readTree(d);
            assertTrue(json.hasNonNull("reason"), d);
            if (json.get("reason").asText().contains("(--max-record-bytes)")) {
                oversized++;
            }
        }
        assertEquals(2, oversized, "both lines above 1 MiB are refused by the limit");
    }

    /**
     * The SQL twin of clicks-per-minute (flink-json decodes, the window TVF drops late rows): every
     * line is a click counted in a window, a dead letter, or a late row in numLateRecordsDropped.
     * Extreme timestamps move the watermark far ahead, so many valid clicks arrive late.
     */
    @Test
    void clicksPerMinuteSqlNeverFailsAndEveryLineIsCountedRoutedOrLate() throws Exception {
        HostileFile file = write(new ClickFormat(), 10_000, true);
        Run run = run(JobCatalog.CLICKS_PER_MINUTE, file, "--impl", "sql");

        long counted = 0;
        for (String result : run.results()) {
            counted += JSON.readTree(result).get("count").asLong();
        }
        long late = run.counter("numLateRecordsDropped");
        assertEquals(run.deadLetters().size(), run.counter("deadLetters"));
        assertTrue(run.deadLetters().size() > 1000, "dead letters: " + run.deadLetters().size());
        assertEquals(
                file.lines(),
                counted + run.deadLetters().size() + late,
                "clicks counted + dead letters + late rows dropped = input lines (late: "
                        + late
                        + ")");
        for (String d : run.deadLetters()) {
            assertTrue(JSON.readTree(d).hasNonNull("reason"), d);
        }
    }

    /**
     * The SQL twin of transactions-per-hour, whose transactionTime is a STRING converted in SQL:
     * hostile times (extreme, malformed, of the wrong type) are dead letters by the format's rule
     * before the conversion, so no null event time reaches the window; every line is a transaction
     * counted in an hour, a dead letter, or a late row.
     */
    @Test
    void transactionsPerHourSqlNeverFailsAndEveryLineIsCountedRoutedOrLate() throws Exception {
        HostileFile file = write(new TransactionFormat(), 10_000, false);
        Run run = run(JobCatalog.TRANSACTIONS_PER_HOUR, file, "--impl", "sql");

        long counted = 0;
        for (String result : run.results()) {
            // Read by pattern: flink-json takes 1e400 as an amount, so a sum can be Infinity or
            // NaN, which the line writes as Java does and a JSON parser refuses.
            Matcher count = Pattern.compile("\"count\":(\\d+)").matcher(result);
            assertTrue(count.find(), result);
            counted += Long.parseLong(count.group(1));
        }
        long late = run.counter("numLateRecordsDropped");
        assertEquals(run.deadLetters().size(), run.counter("deadLetters"));
        assertTrue(run.deadLetters().size() > 1000, "dead letters: " + run.deadLetters().size());
        assertTrue(counted > 0, "counted: " + counted);
        assertEquals(
                file.lines(),
                counted + run.deadLetters().size() + late,
                "transactions counted + dead letters + late rows dropped = input lines (late: "
                        + late
                        + ")");
    }

    /**
     * The SQL twin of running-total. With a state TTL ({@code table.exec.state.ttl}), Flink's
     * aggregate emits a row for every input row, even one that leaves the total unchanged (a NaN
     * total stays NaN), so results + dead letters = lines holds exactly.
     */
    @Test
    void runningTotalSqlNeverFailsAndAccountsForEveryLine() throws Exception {
        HostileFile file = write(new TransactionFormat(), 10_000, false);
        Run run = run(JobCatalog.RUNNING_TOTAL, file, "--impl", "sql", "--state-ttl", "1h");
        assertTrue(run.deadLetters().size() > 1000, "dead letters: " + run.deadLetters().size());
        assertEquals(
                file.lines(),
                run.results().size() + run.deadLetters().size(),
                "results + dead letters = input lines");
    }

    /**
     * Every fifth record valid, the rest hostile; with {@code oversized}, two lines above the 1 MiB
     * limit. Line breaks inside a record become spaces: one record per line.
     */
    private HostileFile write(EventFormat<?> format, int records, boolean oversized)
            throws Exception {
        HostileInputs inputs = new HostileInputs(format, 11);
        RecordParser<?> parser =
                new RecordParser<>(format, "expected", RecordParser.DEFAULT_MAX_RECORD_BYTES);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int valid = 0;
        for (int n = 0; n < records; n++) {
            byte[] record =
                    n % 5 == 0
                            ? inputs.validLine().getBytes(StandardCharsets.UTF_8)
                            : inputs.next(n);
            if (oversized && (n == 1000 || n == records - 5000)) {
                String padding =
                        "x".repeat(n == 1000 ? RecordParser.DEFAULT_MAX_RECORD_BYTES : 3 << 20);
                record =
                        inputs.validLine()
                                .replace("}", ",\"pad\":\"" + padding + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < record.length; i++) {
                if (record[i] == '\n' || record[i] == '\r') {
                    record[i] = ' ';
                }
            }
            file.write(record);
            file.write('\n');
            // The file source decodes UTF-8 with replacement characters (Kafka refuses invalid
            // UTF-8 instead).
            if (parser.parse(new String(record, StandardCharsets.UTF_8)).isValid()) {
                valid++;
            }
        }
        Path path = dir.resolve(format.name() + "-hostile.jsonl");
        Files.write(path, file.toByteArray());
        return new HostileFile(path, records, valid);
    }

    /** Runs the job over the file, per-event watermarks, restarts off: a failure fails the test. */
    private static Run run(StreamingJob job, HostileFile file, String... flags) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        CollectingSinks sinks = new CollectingSinks();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--source",
                                "file",
                                "--input",
                                file.path().toString(),
                                "--watermarks",
                                "per-event"));
        args.addAll(List.of(flags));
        JobLauncher.build(
                env,
                job,
                JobFlags.parse(job.name(), job.flags(), args.toArray(new String[0])),
                sinks);
        JobID jobId = env.execute(job.name() + " on hostile input").getJobID();
        return new Run(sinks.drain(), jobId);
    }
}
