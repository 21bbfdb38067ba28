package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statefuljobs.common.format.ClickFormat;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.generator.LineGenerator;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FailureInjector;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.common.testing.KafkaRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through failures: Kafka in, Kafka out (transactions committed on checkpoints, read
 * back with read_committed), checkpoints every 500 ms, at parallelism 2 on two TaskManagers of one
 * slot each. Each test injects one failure mid-stream, after a completed checkpoint, and checks
 * that the committed output is exactly the output of the same job without a failure: nothing lost,
 * nothing doubled, and the pending timers (running-total-expiring's expiries, the windows of
 * clicks-per-minute) fire once after the restore.
 *
 * <ul>
 *   <li>{@code ...SurvivesAnExceptionMidStream}: an operator throws once ({@link
 *       FailureInjector#throwOnce});
 *   <li>{@code ...SurvivesALostTaskManager}: one of the two TaskManagers is terminated and a new
 *       one started ({@link MiniCluster#terminateTaskManager}, {@link
 *       MiniCluster#startTaskManager}).
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureRecoveryTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    static final int EVENTS = 3000;
    static final int KEYS = 100;

    /** Injected failures come after at least this many records (and a completed checkpoint). */
    static final long AFTER_RECORDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Output of the uninterrupted run per job, computed once. */
    private static final Map<String, List<String>> EXPECTED = new ConcurrentHashMap<>();

    /**
     * TaskManagers stay in MiniCluster's list when terminated: kill number k terminates index k.
     */
    private static final AtomicInteger KILLS = new AtomicInteger();

    static List<String> generated(EventFormat<?> format, long seed) {
        LineGenerator generator =
                new LineGenerator(format.generator(), seed, KEYS, 0, Duration.ZERO);
        return LongStream.range(0, EVENTS).mapToObj(generator::line).collect(Collectors.toList());
    }

    static final List<String> TRANSACTIONS = generated(new TransactionFormat(), 7);
    static final List<String> CLICKS = generated(new ClickFormat(), 7);

    // ---- (a) an exception in an operator ----

    @Test
    void runningTotalSurvivesAnExceptionMidStream() throws Exception {
        checkRunningTotal(throwing(JobCatalog.RUNNING_TOTAL, TRANSACTIONS));
    }

    @Test
    void runningTotalExpiringSurvivesAnExceptionMidStream() throws Exception {
        checkExpiring(
                throwing(JobCatalog.RUNNING_TOTAL_EXPIRING, TRANSACTIONS, "--timeout", "10s"));
    }

    @Test
    void clicksPerMinuteSurvivesAnExceptionMidStream() throws Exception {
        checkClicks(throwing(JobCatalog.CLICKS_PER_MINUTE, CLICKS));
    }

    // ---- (b) a TaskManager lost ----

    @Test
    void runningTotalSurvivesALostTaskManager(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        checkRunningTotal(killingTaskManager(cluster, JobCatalog.RUNNING_TOTAL, TRANSACTIONS));
    }

    @Test
    void runningTotalExpiringSurvivesALostTaskManager(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        checkExpiring(
                killingTaskManager(
                        cluster,
                        JobCatalog.RUNNING_TOTAL_EXPIRING,
                        TRANSACTIONS,
                        "--timeout",
                        "10s"));
    }

    @Test
    void clicksPerMinuteSurvivesALostTaskManager(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        checkClicks(killingTaskManager(cluster, JobCatalog.CLICKS_PER_MINUTE, CLICKS));
    }

    // ---- runs ----

    private static List<String> throwing(StreamingJob job, List<String> input, String... flags)
            throws Exception {
        FailureInjector injector = FailureInjector.throwOnce(AFTER_RECORDS);
        try {
            KafkaRun run = KafkaRun.of(KAFKA, injector.wrap(job), input, flags);
            assertEquals(1, injector.failures(), "the injected failure happened");
            assertTrue(
                    injector.seen() > EVENTS,
                    "records were replayed after the restore: " + injector.seen());
            return checkedAgainstUninterrupted(job, input, run, flags);
        } finally {
            injector.close();
        }
    }

    private static List<String> killingTaskManager(
            MiniCluster cluster, StreamingJob job, List<String> input, String... flags)
            throws Exception {
        FailureInjector injector = FailureInjector.awaitKill(AFTER_RECORDS);
        try {
            CompletableFuture<Void> killer =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    assertTrue(
                                            injector.awaitReady(Duration.ofSeconds(30)),
                                            "the job reached mid-stream");
                                    cluster.terminateTaskManager(KILLS.getAndIncrement()).get();
                                    cluster.startTaskManager();
                                    injector.release();
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            KafkaRun run = KafkaRun.of(KAFKA, injector.wrap(job), input, flags);
            killer.get();
            assertTrue(
                    injector.seen() > EVENTS,
                    "records were replayed after the restore: " + injector.seen());
            return checkedAgainstUninterrupted(job, input, run, flags);
        } finally {
            injector.release();
            injector.close();
        }
    }

    /**
     * The committed results equal those of a run without failures (as multisets: line for line).
     */
    private static List<String> checkedAgainstUninterrupted(
            StreamingJob job, List<String> input, KafkaRun run, String... flags) throws Exception {
        List<String> expected = EXPECTED.get(job.name());
        String reference = "";
        if (expected == null) {
            KafkaRun uninterrupted = KafkaRun.of(KAFKA, job, input, flags);
            expected = sorted(uninterrupted.results());
            EXPECTED.put(job.name(), expected);
            reference =
                    "; uninterrupted run "
                            + uninterrupted.outputTopic()
                            + ": "
                            + expected.size()
                            + " results, end offsets at read "
                            + uninterrupted.endOffsetsAtRead()
                            + ", now "
                            + KAFKA.endOffsets(uninterrupted.outputTopic());
        }
        assertEquals(List.of(), run.deadLetters());
        List<String> actual = sorted(run.results());
        if (expected.size() != actual.size()) {
            // Diagnostics: which results are missing, and whether a re-read now finds them (a
            // transaction committed
            // after the read) or not (aborted, never committed, or deleted by the broker).
            List<String> missing = new ArrayList<>(expected);
            actual.forEach(missing::remove);
            System.err.println(
                    "result count differs for "
                            + run.outputTopic()
                            + ": expected "
                            + expected.size()
                            + ", read "
                            + actual.size()
                            + ", late "
                            + run.late().size()
                            + ", re-read now "
                            + KAFKA.consumeAll(run.outputTopic()).size()
                            + reference);
            missing.forEach(m -> System.err.println("missing: " + m));
            List<String> extra = new ArrayList<>(actual);
            expected.forEach(extra::remove);
            extra.forEach(m -> System.err.println("extra: " + m));
            System.err.println(
                    "missing "
                            + missing.size()
                            + " ("
                            + missing.stream().filter(l -> l.contains("\"expired\"")).count()
                            + " expiries), extra "
                            + extra.size()
                            + " ("
                            + extra.stream().filter(l -> l.contains("\"expired\"")).count()
                            + " expiries)");
        }
        assertEquals(
                expected.size(),
                actual.size(),
                "result count; committed/all end offsets of the output at read: "
                        + run.endOffsetsAtRead()
                        + ", now: "
                        + KAFKA.endOffsets(run.outputTopic())
                        + reference);
        assertEquals(expected, actual);
        return run.results();
    }

    // ---- checks against a plain computation ----

    /**
     * One total per transaction; each user's last total is the plain sum of their amounts, in input
     * order.
     */
    private static void checkRunningTotal(List<String> results) throws Exception {
        assertEquals(EVENTS, results.size());
        Map<String, Double> sums = new HashMap<>();
        for (String line : TRANSACTIONS) {
            JsonNode tx = JSON.readTree(line);
            sums.merge(tx.get("userId").asText(), tx.get("amount").asDouble(), Double::sum);
        }
        assertEquals(sums, lastTotals(results));
    }

    /**
     * Every user's last row is an expiry (the end of input fires every pending timer exactly once),
     * and the totals of the expiry rows add up to the sum of all amounts: nothing counted twice or
     * lost.
     */
    private static void checkExpiring(List<String> results) throws Exception {
        Map<String, String> lastRow = new HashMap<>();
        double expiredSum = 0;
        int rows = 0;
        for (String line : results) {
            JsonNode r = JSON.readTree(line);
            lastRow.put(r.get("userId").asText(), line);
            if (r.has("expired")) {
                expiredSum += r.get("total").asDouble();
            } else {
                rows++;
            }
        }
        assertEquals(EVENTS, rows, "one total per transaction");
        assertEquals(KEYS, lastRow.size());
        lastRow.values().forEach(l -> assertTrue(l.contains("\"expired\":true"), l));
        double sum = 0;
        for (String line : TRANSACTIONS) {
            sum += JSON.readTree(line).get("amount").asDouble();
        }
        assertEquals(sum, expiredSum, 1e-6);
    }

    /** The counts of all windows add up to the number of clicks. */
    private static void checkClicks(List<String> results) throws Exception {
        long total = 0;
        for (String line : results) {
            total += JSON.readTree(line).get("count").asLong();
        }
        assertEquals(EVENTS, total);
    }

    private static Map<String, Double> lastTotals(List<String> results) throws Exception {
        Map<String, Double> last = new HashMap<>();
        for (String line : results) {
            JsonNode r = JSON.readTree(line);
            last.put(r.get("userId").asText(), r.get("total").asDouble());
        }
        return last;
    }

    static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
