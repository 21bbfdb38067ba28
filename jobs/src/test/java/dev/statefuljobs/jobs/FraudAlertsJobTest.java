package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.tws.OutputMode;
import dev.statefuljobs.common.tws.TimeMode;
import dev.statefuljobs.common.tws.TransformWithStateFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fraud-alerts on its sample, on shuffled generated input at parallelism 1 and 2, and its state.
 */
// Flink's test harnesses declare close() throws Exception (javac's "try" lint warns that it may
// throw InterruptedException); closing them with try-with-resources is still right.
@SuppressWarnings("try")
class FraudAlertsJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.FRAUD_ALERTS;

    /** The sample's alerts, as docs/porting-transform-with-state.md lists them. */
    static final List<String> SAMPLE_ALERTS =
            List.of(
                    "{\"userId\":\"user1\",\"transactionId\":\"tx3005\",\"transactionTime\":\"2023-11-14T22:14:00Z\",\"rules\":[\"velocity\"],\"count_1m\":5,\"spend_1h\":50.0}",
                    "{\"userId\":\"user1\",\"transactionId\":\"tx3006\",\"transactionTime\":\"2023-11-14T22:14:20Z\",\"rules\":[\"velocity\"],\"count_1m\":5,\"spend_1h\":60.0}",
                    "{\"userId\":\"user3\",\"transactionId\":\"tx3204\",\"transactionTime\":\"2023-11-14T22:15:30Z\",\"rules\":[\"spend\"],\"count_1m\":4,\"spend_1h\":1200.0}",
                    "{\"userId\":\"user3\",\"transactionId\":\"tx3205\",\"transactionTime\":\"2023-11-14T22:15:40Z\",\"rules\":[\"velocity\",\"spend\"],\"count_1m\":5,\"spend_1h\":1500.0}",
                    "{\"userId\":\"user4\",\"transactionId\":\"tx3305\",\"transactionTime\":\"2023-11-14T22:16:40Z\",\"rules\":[\"velocity\"],\"count_1m\":5,\"spend_1h\":5.0}",
                    "{\"userId\":\"user2\",\"transactionId\":\"tx3103\",\"transactionTime\":\"2023-11-14T22:45:00Z\",\"rules\":[\"spend\"],\"count_1m\":1,\"spend_1h\":1000.01}");

    @Test
    void theSampleGivesItsDocumentedAlerts() throws Exception {
        JobRun run = JobRun.withArgs(JOB, "--web-ui", "off");
        assertEquals(sorted(SAMPLE_ALERTS), sorted(run.results()));
        assertEquals(List.of(), run.deadLetters());
        assertEquals(List.of(), run.late());
    }

    @Test
    void theLimitsAreFlags() throws Exception {
        JobRun run =
                JobRun.withArgs(JOB, "--web-ui", "off", "--max-count", "6", "--max-spend", "1200");
        // user3's fifth transaction makes 1500.0; nothing else breaks the higher limits.
        assertEquals(
                List.of(
                        "{\"userId\":\"user3\",\"transactionId\":\"tx3205\",\"transactionTime\":\"2023-11-14T22:15:40Z\",\"rules\":[\"spend\"],\"count_1m\":5,\"spend_1h\":1500.0}"),
                run.results());
    }

    /**
     * Bursty transactions of 20 users over two hours, shuffled within 30 s of event time: read with
     * --out-of-orderness 30s, the alerts are those of the sorted input, at parallelism 1 and 2.
     */
    @Test
    void outOfOrderInputWithinTheBoundGivesTheSameAlertsAtParallelismOneAndTwo() throws Exception {
        List<String> sorted = generated(new Random(11));
        List<String> shuffled = shuffledWithin(sorted, 30_000, new Random(12));
        JobRun reference = JobRun.of(JOB, sorted, "--parallelism", "1");
        assertFalse(reference.results().isEmpty(), "the generated input breaks some rules");
        for (String parallelism : List.of("1", "2")) {
            JobRun run =
                    JobRun.of(
                            JOB,
                            shuffled,
                            "--out-of-orderness",
                            "30s",
                            "--parallelism",
                            parallelism);
            assertEquals(sorted(reference.results()), sorted(run.results()), "p" + parallelism);
            assertEquals(List.of(), run.late(), "p" + parallelism);
        }
    }

    /** Once the input has ended, every key's buffer, history and timers are gone. */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void stateDrainsToNothingAfterTheInputEnds(String backend) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Transaction, FraudAlert> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new TransformWithStateFunction<>(
                                new FraudAlertsJob.FraudDetector(new FraudRules(5, 1000.0)),
                                TypeInformation.of(Transaction.class),
                                TimeMode.EventTime,
                                OutputMode.Append),
                        tx -> tx.userId,
                        Types.STRING)) {
            harness.setStateBackend(
                    backend.equals("rocksdb")
                            ? new EmbeddedRocksDBStateBackend()
                            : new HashMapStateBackend());
            harness.open();
            long t = 1_700_000_000_000L;
            for (int i = 0; i < 6; i++) {
                harness.processElement(
                        new Transaction("user1", "tx" + i, t + i * 10_000, 300.0), t + i * 10_000);
            }
            harness.processElement(new Transaction("user2", "tx9", t, 5.0), t);
            harness.processWatermark(t + 50_000);
            assertEquals(
                    3, harness.extractOutputValues().size(), "tx3, tx4 (spend) and tx5 (both)");
            assertFalse(harness.numKeyedStateEntries() == 0, "an hour of history is kept");

            // An hour of event time after each user's last write, nothing is left of them.
            harness.processWatermark(t + 50_000 + 3_600_000);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    /** Transactions of 20 users in bursts: a few seconds apart within a burst, minutes between. */
    static List<String> generated(Random random) {
        List<String> lines = new ArrayList<>();
        long time = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
        for (int i = 0; i < 3000; i++) {
            time +=
                    random.nextInt(10) == 0
                            ? 60_000 + random.nextInt(120_000)
                            : random.nextInt(3_000);
            String user = "user" + (1 + random.nextInt(20));
            double amount = (1 + random.nextInt(20_000)) / 100.0;
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "{\"userId\":\"%s\",\"transactionId\":\"tx%d\",\"transactionTime\":\"%s\",\"amount\":%.2f}",
                            user,
                            i,
                            java.time.Instant.ofEpochMilli(time),
                            amount));
        }
        return lines;
    }

    /** Shuffles lines so that none arrives after a line more than {@code boundMs} later than it. */
    static List<String> shuffledWithin(List<String> sorted, long boundMs, Random random) {
        List<String> out = new ArrayList<>();
        List<String> block = new ArrayList<>();
        long blockStart = 0;
        for (String line : sorted) {
            long time =
                    java.time.Instant.parse(
                                    line.replaceAll(".*\"transactionTime\":\"([^\"]+)\".*", "$1"))
                            .toEpochMilli();
            if (block.isEmpty() || time - blockStart >= boundMs) {
                Collections.shuffle(block, random);
                out.addAll(block);
                block.clear();
                blockStart = time;
            }
            block.add(line);
        }
        Collections.shuffle(block, random);
        out.addAll(block);
        return out;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
