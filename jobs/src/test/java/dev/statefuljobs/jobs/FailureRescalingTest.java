package dev.statefuljobs.jobs;

import static dev.statefuljobs.jobs.FailureRecoveryTest.TRANSACTIONS;
import static dev.statefuljobs.jobs.FailureRecoveryTest.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.common.testing.KafkaRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling through savepoints: a job reads Kafka unbounded at parallelism 2, is stopped with a
 * savepoint, restored at parallelism 1 from it (more input produced in between), stopped again and
 * restored at parallelism 2. The committed keyed results are exactly those of one uninterrupted run
 * over the same input. The input topic has two partitions, a user's transactions always in the same
 * one (so that each user's order, and with it every running total, is the same in every run).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailureRescalingTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path savepoints;

    @Test
    void runningTotalRescalesFrom2To1To2() throws Exception {
        rescale(JobCatalog.RUNNING_TOTAL);
    }

    @Test
    void runningTotalExpiringRescalesFrom2To1To2WithItsTimers() throws Exception {
        rescale(JobCatalog.RUNNING_TOTAL_EXPIRING, "--timeout", "10s");
    }

    private void rescale(StreamingJob job, String... flags) throws Exception {
        List<String> expected = sorted(KafkaRun.of(KAFKA, job, TRANSACTIONS, flags).results());

        KafkaRun.Topics topics = KafkaRun.Topics.fresh(KAFKA, job, 2);
        int[] parallelism = {2, 1, 2};
        int batch = TRANSACTIONS.size() / parallelism.length;
        String savepoint = null;
        for (int i = 0; i < parallelism.length; i++) {
            produceByUser(topics.input, TRANSACTIONS.subList(i * batch, (i + 1) * batch));
            Configuration conf = new Configuration();
            if (savepoint != null) {
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            }
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--parallelism",
                                    Integer.toString(parallelism[i]),
                                    "--watermarks",
                                    "per-event"));
            args.addAll(List.of(flags));
            JobClient client =
                    KafkaRun.start(
                            KAFKA,
                            job,
                            topics.input,
                            topics.output,
                            conf,
                            args.toArray(new String[0]));
            awaitTotals(topics.output, (i + 1) * batch);
            // The last stop drains: the end of input fires the pending timeouts, as the bounded
            // run's end does.
            boolean last = i == parallelism.length - 1;
            savepoint =
                    client.stopWithSavepoint(
                                    last,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), KAFKA.consumeAll(topics.output + ".dlq"));
        List<String> actual = sorted(KAFKA.consumeAll(topics.output));
        assertEquals(expected.size(), actual.size(), "result count");
        assertEquals(expected, actual);
    }

    /**
     * Each user's transactions go to one partition (by the hash of the user id), in input order.
     */
    private static void produceByUser(String topic, List<String> lines) throws Exception {
        List<List<byte[]>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        for (String line : lines) {
            String user = JSON.readTree(line).get("userId").asText();
            partitions
                    .get(Math.floorMod(user.hashCode(), 2))
                    .add(line.getBytes(StandardCharsets.UTF_8));
        }
        KAFKA.produceBytes(topic, 0, partitions.get(0));
        KAFKA.produceBytes(topic, 1, partitions.get(1));
    }

    /**
     * Waits until the committed output holds a total (not an expiry) for each of the first {@code
     * count} inputs.
     */
    private static void awaitTotals(String topic, int count) {
        Predicate<String> isTotal = l -> !l.contains("\"expired\":true");
        KAFKA.awaitRecords(topic, isTotal, count, Duration.ofSeconds(60));
        assertEquals(
                count,
                KAFKA.consumeAll(topic).stream().filter(isTotal).count(),
                "no total is doubled");
    }
}
