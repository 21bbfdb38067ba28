package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.jobs.JobCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The full cycle on running-total-expiring (a GroupState value and an event-time timeout per key),
 * on heap and RocksDB, at parallelism 1 and 2:
 *
 * <ol>
 *   <li>run over the first half of the transactions, stop with a savepoint: {@code read} prints
 *       each user's last total and its deadline (last transaction + timeout);
 *   <li>{@code bootstrap} from those lines, {@code read} the new savepoint: the same lines;
 *   <li>run from the bootstrapped savepoint over the second half: every user's rows, totals and
 *       expiries, are those of one uninterrupted run over all transactions, so the totals continue
 *       from the file and the bootstrapped timeouts fire at their time.
 * </ol>
 *
 * Each user's transactions are in one Kafka partition, in time order, so each user's rows are the
 * same in every run.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RoundTripTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String TIMEOUT = "20m";
    private static final long TIMEOUT_MS = 20 * 60_000L;

    /**
     * 60 transactions of 8 users, 4 minutes apart: users idle long enough time out mid-stream, and
     * users 7 and 8 have none in the second half.
     */
    static final List<String> TRANSACTIONS = transactions(60, 8, 11);

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({"hashmap, 1", "hashmap, 2", "rocksdb, 1", "rocksdb, 2"})
    void runSavepointReadBootstrapReadRun(String backend, int parallelism) throws Exception {
        String[] flags = {
            "--timeout", TIMEOUT, "--state-backend", backend, "--parallelism", "" + parallelism
        };
        Map<String, List<String>> uninterrupted =
                byKey(JobRun.of(JobCatalog.RUNNING_TOTAL_EXPIRING, TRANSACTIONS, flags).results());
        List<String> first = TRANSACTIONS.subList(0, TRANSACTIONS.size() / 2);
        List<String> second = TRANSACTIONS.subList(first.size(), TRANSACTIONS.size());
        Predicate<String> total = l -> !l.contains("\"expired\":true");
        KafkaStateRuns kafka = new KafkaStateRuns(KAFKA);

        // 1. Run over the first half; a RocksDB job's savepoint in RocksDB's own format.
        KafkaStateRuns.Stopped run1 =
                kafka.stop(
                        kafka.start(JobCatalog.RUNNING_TOTAL_EXPIRING, first, null, flags),
                        total,
                        first.size(),
                        false,
                        backend.equals("rocksdb")
                                ? SavepointFormatType.NATIVE
                                : SavepointFormatType.CANONICAL,
                        dir);
        List<String> state = read(run1.savepoint(), "running-total-expiring");
        assertEquals(lastTotals(run1.results(), first), state, "read after run 1");
        assertTrue(state.size() >= 3, "users with state after run 1: " + state);

        // 2. Bootstrap from what read printed, and read that.
        String bootstrapped = bootstrap(dir, "running-total-expiring", state);
        assertEquals(state, read(bootstrapped, "running-total-expiring"), "read of bootstrap");

        // 3. Run from the bootstrapped savepoint over the second half, draining at the end.
        KafkaStateRuns.Stopped run2 =
                kafka.stop(
                        kafka.start(JobCatalog.RUNNING_TOTAL_EXPIRING, second, bootstrapped, flags),
                        total,
                        second.size(),
                        true,
                        SavepointFormatType.CANONICAL,
                        dir);
        // Users in the file without a transaction in the second half: only their bootstrapped
        // timeout can end their total.
        Map<String, List<String>> rows2 = byKey(run2.results());
        List<String> idle =
                state.stream()
                        .map(KafkaStateRuns::key)
                        .filter(user -> second.stream().noneMatch(l -> l.contains(user + "\"")))
                        .toList();
        assertFalse(idle.isEmpty(), "the data has users that only the file's timeouts end");
        for (String user : idle) {
            assertEquals(1, rows2.get(user).size(), user + ": " + rows2.get(user));
            assertTrue(rows2.get(user).get(0).contains("\"expired\":true"), rows2.get(user).get(0));
        }
        List<String> both = new ArrayList<>(run1.results());
        both.addAll(run2.results());
        assertEquals(uninterrupted, byKey(both));
    }

    /**
     * Each user's state as read must print it: the last total, unless the user's last row is an
     * expiry, with its deadline (the user's last transaction + timeout).
     */
    static List<String> lastTotals(List<String> results, List<String> input) {
        Map<String, Long> lastTx = new TreeMap<>();
        for (String line : input) {
            lastTx.put(KafkaStateRuns.key(line), epochSeconds(line) * 1000);
        }
        List<String> state = new ArrayList<>();
        byKey(results)
                .forEach(
                        (user, rows) -> {
                            String last = rows.get(rows.size() - 1);
                            if (!last.contains("\"expired\":true")) {
                                state.add(
                                        last.substring(0, last.length() - 1)
                                                + ",\"timeout_at\":\""
                                                + Instant.ofEpochMilli(
                                                        lastTx.get(user) + TIMEOUT_MS)
                                                + "\"}");
                            }
                        });
        return state;
    }

    /** Each key's rows in order, keys sorted. */
    static Map<String, List<String>> byKey(List<String> rows) {
        return rows.stream()
                .collect(
                        Collectors.groupingBy(
                                KafkaStateRuns::key,
                                TreeMap::new,
                                Collectors.toCollection(ArrayList::new)));
    }

    private static long epochSeconds(String line) {
        int at = line.indexOf("\"transactionTime\":") + "\"transactionTime\":".length();
        int end = at;
        while (Character.isDigit(line.charAt(end))) {
            end++;
        }
        return Long.parseLong(line.substring(at, end));
    }

    /**
     * {@code count} transactions, 4 minutes apart, of {@code users} users picked at random (the
     * last two only in the first half): a user who is not picked for 20 minutes times out.
     */
    static List<String> transactions(int count, int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long start = 1_700_000_000L;
        Map<Integer, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            lines.put(
                    i,
                    "{\"userId\":\"user"
                            + (1 + random.nextInt(i < count / 2 ? users : users - 2))
                            + "\",\"transactionId\":\"tx"
                            + i
                            + "\",\"transactionTime\":"
                            + (start + i * 240L)
                            + ",\"amount\":"
                            + (1 + random.nextInt(100))
                            + ".0}");
        }
        return List.copyOf(lines.values());
    }
}
