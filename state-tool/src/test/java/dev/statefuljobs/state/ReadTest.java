package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.forKey;
import static dev.statefuljobs.state.StateRuns.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.jobs.JobCatalog;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code read} on the savepoints and checkpoints of real runs (Kafka in, Kafka out, never ending,
 * stopped with a savepoint once every input has its output): the seed's running totals, the keyed
 * reduce, open windows, sessions in processing time, and a retained RocksDB incremental checkpoint.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReadTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Predicate<String> ANY = l -> true;

    @TempDir Path dir;

    private final KafkaStateRuns kafka = new KafkaStateRuns(KAFKA);

    /**
     * The first done-when: read prints the seed's totals from a savepoint (RocksDB's, in
     * the canonical format, which the heap backend reads).
     */
    @Test
    void theSeedsTotalsFromARunningTotalSavepoint() throws Exception {
        List<String> seed = JobRun.lines(getClass(), "samples/transactions.jsonl");
        KafkaStateRuns.Stopped run =
                kafka.stop(
                        kafka.start(
                                JobCatalog.RUNNING_TOTAL,
                                seed,
                                null,
                                "--parallelism",
                                "2",
                                "--state-backend",
                                "rocksdb"),
                        ANY,
                        seed.size(),
                        false,
                        SavepointFormatType.CANONICAL,
                        dir);
        assertEquals(
                List.of(
                        "{\"userId\":\"user1\",\"total\":120.0}",
                        "{\"userId\":\"user2\",\"total\":80.0}"),
                read(run.savepoint(), "running-total"));
    }

    /**
     * running-total --impl keyed-sum on RocksDB: read, bootstrap, read again, and a run from the
     * bootstrapped savepoint continues the totals.
     */
    @Test
    void theKeyedSumsReduceStateRoundTrips() throws Exception {
        List<String> seed = JobRun.lines(getClass(), "samples/transactions.jsonl");
        String[] flags = {"--impl", "keyed-sum"};
        KafkaStateRuns.Stopped run =
                kafka.stop(
                        kafka.start(
                                JobCatalog.RUNNING_TOTAL,
                                seed,
                                null,
                                "--impl",
                                "keyed-sum",
                                "--state-backend",
                                "rocksdb"),
                        ANY,
                        seed.size(),
                        false,
                        SavepointFormatType.NATIVE,
                        dir);
        List<String> state = read(run.savepoint(), "running-total", flags);
        assertEquals(
                List.of(
                        "{\"userId\":\"user1\",\"total\":120.0}",
                        "{\"userId\":\"user2\",\"total\":80.0}"),
                state);
        String bootstrapped = bootstrap(dir, "running-total", state, flags);
        assertEquals(state, read(bootstrapped, "running-total", flags));
        List<String> results =
                JobRun.fromSavepoint(bootstrapped, JobCatalog.RUNNING_TOTAL, seed, flags).results();
        assertEquals(
                List.of(
                        "{\"userId\":\"user1\",\"total\":170.0}",
                        "{\"userId\":\"user1\",\"total\":200.0}",
                        "{\"userId\":\"user1\",\"total\":240.0}"),
                forKey(results, "userId", "user1"));
    }

    /**
     * clicks-per-minute with 5 minutes of allowed lateness: the seed's four windows, three of them
     * fired already, are all still open, with their counts.
     */
    @Test
    void theOpenWindowsOfClicksPerMinute() throws Exception {
        List<String> clicks = JobRun.lines(getClass(), "samples/clicks.jsonl");
        KafkaStateRuns.Stopped run =
                kafka.stop(
                        kafka.start(
                                JobCatalog.CLICKS_PER_MINUTE,
                                clicks,
                                1,
                                null,
                                new Configuration(),
                                "--allowed-lateness",
                                "5m"),
                        ANY,
                        3,
                        false,
                        SavepointFormatType.CANONICAL,
                        dir);
        assertEquals(3, run.results().size(), run.results().toString());
        assertEquals(
                List.of(
                        window("user1", "10:00", "10:01", 2),
                        window("user1", "10:01", "10:02", 1),
                        window("user2", "10:01", "10:02", 1),
                        window("user2", "10:02", "10:03", 1)),
                read(run.savepoint(), "clicks-per-minute"));
    }

    /**
     * user-sessions in processing time (a gap of an hour, so nothing ends during the test): each
     * user's open session, with its deadline on the wall clock; bootstrap then read gives it back.
     */
    @Test
    void openSessionsInProcessingTimeRoundTrip() throws Exception {
        List<String> clicks = JobRun.lines(getClass(), "samples/clicks.jsonl");
        long before = System.currentTimeMillis();
        KafkaStateRuns.Stopped run =
                kafka.stop(
                        kafka.start(JobCatalog.USER_SESSIONS, clicks, null, "--gap", "1h"),
                        ANY,
                        clicks.size(),
                        false,
                        SavepointFormatType.CANONICAL,
                        dir);
        List<String> state = read(run.savepoint(), "user-sessions");
        assertEquals(2, state.size(), state.toString());
        assertTrue(
                state.get(0)
                        .startsWith(
                                "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T10:00:00Z\","
                                        + "\"last_event\":\"2023-07-30T10:01:20Z\",\"event_count\":3,"
                                        + "\"timeout_at\":\""),
                state.get(0));
        assertTrue(
                state.get(1)
                        .startsWith(
                                "{\"user_id\":\"user2\",\"session_start\":\"2023-07-30T10:01:00Z\","
                                        + "\"last_event\":\"2023-07-30T10:02:00Z\",\"event_count\":2,"
                                        + "\"timeout_at\":\""),
                state.get(1));
        long deadline =
                java.time.Instant.parse(
                                state.get(0)
                                        .substring(state.get(0).lastIndexOf(":\"") + 2)
                                        .replace("\"}", ""))
                        .toEpochMilli();
        assertTrue(
                deadline >= before + 3_600_000L
                        && deadline <= System.currentTimeMillis() + 3_600_000L,
                "the deadline is an hour after the click was processed: " + state.get(0));
        assertEquals(state, read(bootstrap(dir, "user-sessions", state), "user-sessions"));
    }

    /**
     * A retained checkpoint of a cancelled job on RocksDB with incremental checkpoints (RocksDB's
     * own files): read finds the RocksDB backend by itself.
     */
    @Test
    void aRetainedIncrementalRocksDbCheckpoint() throws Exception {
        List<String> input = RoundTripTest.TRANSACTIONS.subList(0, 20);
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        KafkaStateRuns.Running running =
                kafka.start(
                        JobCatalog.RUNNING_TOTAL_EXPIRING,
                        input,
                        2,
                        null,
                        conf,
                        "--timeout",
                        "20m",
                        "--state-backend",
                        "rocksdb",
                        "--parallelism",
                        "2");
        Predicate<String> total = l -> !l.contains("\"expired\":true");
        kafka.cancel(running, total, input.size());
        File jobDir =
                dir.resolve("checkpoints").resolve(running.client().getJobID().toString()).toFile();
        File checkpoint =
                Arrays.stream(jobDir.listFiles(f -> f.getName().startsWith("chk-")))
                        .max(
                                Comparator.comparingLong(
                                        f -> Long.parseLong(f.getName().substring(4))))
                        .orElseThrow();
        List<String> results = KAFKA.consumeAll(running.topics().output);
        assertEquals(
                RoundTripTest.lastTotals(results, input),
                read(checkpoint.getPath(), "running-total-expiring"));
    }

    private static String window(String user, String start, String end, long count) {
        return "{\"user_id\":\""
                + user
                + "\",\"window_start\":\"2023-07-30T"
                + start
                + ":00Z\",\"window_end\":\"2023-07-30T"
                + end
                + ":00Z\",\"count\":"
                + count
                + "}";
    }
}
