package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefuljobs.common.flags.JobFlags;
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
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input in a running job (issue 9, part 3): running-total reads a file of 20,000 hostile
 * records (see {@link HostileInputs}; random bytes, invalid UTF-8, deep nesting, NaN, ...) mixed
 * with 5,000 valid transactions and two lines above the 1 MiB limit. Restarts are disabled
 * (restart-strategy none), so a single exception anywhere would fail the job: it finishes with 0
 * restarts, and results + dead letters = lines read.
 */
class FailureHostileInputJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void runningTotalNeverFailsOnHostileInputAndAccountsForEveryLine() throws Exception {
        HostileInputs inputs = new HostileInputs(new TransactionFormat(), 11);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        RecordParser<?> parser =
                new RecordParser<>(
                        new TransactionFormat(), "expected", RecordParser.DEFAULT_MAX_RECORD_BYTES);
        int lines = 0;
        int valid = 0;
        for (int n = 0; n < 25_000; n++) {
            byte[] record =
                    n % 5 == 0
                            ? inputs.validLine().getBytes(StandardCharsets.UTF_8)
                            : inputs.next(n);
            if (n == 1000 || n == 20_000) {
                record =
                        ("{\"userId\":\"big\",\"transactionTime\":1735689600,\"amount\":1,\"pad\":\""
                                        + "x"
                                                .repeat(
                                                        n == 1000
                                                                ? RecordParser
                                                                        .DEFAULT_MAX_RECORD_BYTES
                                                                : 3 << 20)
                                        + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < record.length; i++) {
                if (record[i] == '\n' || record[i] == '\r') {
                    record[i] = ' '; // one record per line
                }
            }
            file.write(record);
            file.write('\n');
            lines++;
            // The file source decodes UTF-8 with replacement characters (Kafka refuses invalid
            // UTF-8 instead).
            if (parser.parse(new String(record, StandardCharsets.UTF_8)).isValid()) {
                valid++;
            }
        }
        Path input = dir.resolve("hostile.jsonl");
        Files.write(input, file.toByteArray());

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        CollectingSinks sinks = new CollectingSinks();
        StreamingJob job = JobCatalog.RUNNING_TOTAL;
        JobLauncher.build(
                env,
                job,
                JobFlags.parse(
                        job.name(),
                        job.flags(),
                        "--source",
                        "file",
                        "--input",
                        input.toString(),
                        "--watermarks",
                        "per-event"),
                sinks);
        env.execute("hostile input"); // throws if the job failed: with restarts off, no failure is
        // hidden
        Map<Output, List<String>> out = sinks.drain();

        List<String> results = out.get(Output.RESULTS);
        List<String> deadLetters = out.get(Output.DEAD_LETTERS);
        assertTrue(valid >= 5000, "valid lines: " + valid);
        assertEquals(valid, results.size(), "one total per valid transaction");
        assertEquals(
                lines, results.size() + deadLetters.size(), "results + dead letters = input lines");
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
}
