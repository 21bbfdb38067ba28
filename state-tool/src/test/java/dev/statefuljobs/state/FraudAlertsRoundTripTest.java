package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The full cycle on fraud-alerts (transformWithState: a map and a list state with event-time TTL, a
 * timer per transaction time), on heap and RocksDB, at parallelism 1 and 2:
 *
 * <ol>
 *   <li>run over the first part of generated transactions (Kafka in, never ending) and stop with a
 *       savepoint: {@code read} prints what the processor's rules leave per user (see {@link
 *       #expectedState});
 *   <li>{@code bootstrap} from those lines, {@code read} the new savepoint: the same lines;
 *   <li>run from the bootstrapped savepoint over the rest: each user's alerts, with those of run 1,
 *       are those of one uninterrupted run over everything; the transactions still pending in the
 *       file are evaluated when their restored timers fire, and one of them is an alert.
 * </ol>
 *
 * The first part ends with one transaction per Kafka partition at {@link #CLOCK}, so that the
 * watermark at the savepoint is CLOCK - 1 ms exactly (forBoundedOutOfOrderness(0)): everything
 * before CLOCK is evaluated, the two clock transactions are pending. The last transactions before
 * them, five of user "marker" in the same second, make a velocity alert that only comes once both
 * clock transactions went through: waiting for every alert of the first part is waiting for that.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FraudAlertsRoundTripTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L;

    /** 60 transactions of 6 users, 20 s to 3 min apart; user6 only in the first half hour. */
    static final List<Tx> REAL = generate(60, 11);

    static final long CLOCK = REAL.get(REAL.size() - 1).time + 60_000;

    /** What follows the savepoint: 30 transactions of users 1 to 5, after CLOCK. */
    static final List<Tx> LATER = later(30, 12);

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({"hashmap, 1", "hashmap, 2", "rocksdb, 1", "rocksdb, 2"})
    void runSavepointReadBootstrapReadRun(String backend, int parallelism) throws Exception {
        String[] flags = {"--state-backend", backend, "--parallelism", "" + parallelism};
        List<Tx> first = firstPart();
        List<String> all = new ArrayList<>(lines(first));
        all.addAll(lines(LATER));
        Map<String, List<String>> uninterrupted =
                RoundTripTest.byKey(JobRun.of(JobCatalog.FRAUD_ALERTS, all, flags).results());
        // Run 1 ends with the watermark just before CLOCK: the alerts of everything earlier.
        int firstAlerts =
                (int)
                        uninterrupted.values().stream()
                                .flatMap(List::stream)
                                .filter(l -> !l.contains("\"transactionId\":\"later"))
                                .filter(l -> !l.contains("\"transactionId\":\"clock-"))
                                .count();
        KafkaStateRuns kafka = new KafkaStateRuns(KAFKA);

        // 1. Run over the first part; a RocksDB job's savepoint in RocksDB's own format.
        KafkaStateRuns.Stopped run1 =
                kafka.stop(
                        kafka.start(JobCatalog.FRAUD_ALERTS, lines(first), null, flags),
                        l -> true,
                        firstAlerts,
                        false,
                        backend.equals("rocksdb")
                                ? SavepointFormatType.NATIVE
                                : SavepointFormatType.CANONICAL,
                        dir);
        List<String> state = read(run1.savepoint(), "fraud-alerts");
        assertEquals(expectedState(first, CLOCK - 1), state, "read after run 1");
        assertTrue(state.stream().anyMatch(l -> l.contains("\"timers\"")), state.toString());
        assertTrue(state.stream().anyMatch(l -> l.contains("\"history\"")), state.toString());
        // user6, quiet for more than the hour before the savepoint: its TTL cleanup emptied it.
        assertTrue(
                state.stream().noneMatch(l -> l.startsWith("{\"userId\":\"user6\"")),
                state.toString());

        // 2. Bootstrap from what read printed, and read that.
        String bootstrapped = bootstrap(dir, "fraud-alerts", state);
        assertEquals(state, read(bootstrapped, "fraud-alerts"), "read of bootstrap");

        // 3. Run from the bootstrapped savepoint over the rest.
        List<String> alerts2 =
                JobRun.fromSavepoint(bootstrapped, JobCatalog.FRAUD_ALERTS, lines(LATER), flags)
                        .results();
        assertTrue(
                alerts2.stream().anyMatch(l -> l.contains("\"transactionId\":\"clock-a\"")),
                "the pending clock transaction, evaluated by its restored timer: " + alerts2);
        List<String> both = new ArrayList<>(run1.results());
        both.addAll(alerts2);
        assertEquals(uninterrupted, RoundTripTest.byKey(both));
    }

    /**
     * What the processor keeps per user once the watermark is at {@code watermark}, from its rules:
     * the transactions at or before it are evaluated in time order, and {@code history} holds those
     * within the hour before the last evaluation, each with that evaluation's time + 1 hour as
     * expiry (the whole list is written then), unless the watermark has reached it (the TTL cleanup
     * removed it). The later ones wait in {@code pending} under their time, expiring an hour after
     * it, with a timer there.
     */
    static List<String> expectedState(List<Tx> input, long watermark) {
        Map<String, List<Tx>> byUser = new TreeMap<>();
        for (Tx tx : input) {
            byUser.computeIfAbsent(tx.user, u -> new ArrayList<>()).add(tx);
        }
        List<String> lines = new ArrayList<>();
        byUser.forEach(
                (user, txs) -> {
                    List<Tx> evaluated = txs.stream().filter(t -> t.time <= watermark).toList();
                    Map<Long, List<Tx>> pending = new TreeMap<>();
                    txs.stream()
                            .filter(t -> t.time > watermark)
                            .forEach(
                                    t ->
                                            pending.computeIfAbsent(t.time, k -> new ArrayList<>())
                                                    .add(t));
                    StringBuilder line = new StringBuilder("{\"userId\":\"" + user + "\"");
                    if (!pending.isEmpty()) {
                        List<String> entries = new ArrayList<>();
                        pending.forEach(
                                (time, atTime) ->
                                        entries.add(
                                                "\""
                                                        + iso(time)
                                                        + "\":{\"value\":["
                                                        + String.join(
                                                                ",",
                                                                atTime.stream()
                                                                        .map(Tx::json)
                                                                        .toList())
                                                        + "],\"expires_at\":\""
                                                        + iso(time + HOUR)
                                                        + "\"}"));
                        line.append(",\"pending\":{").append(String.join(",", entries)).append("}");
                    }
                    if (!evaluated.isEmpty()) {
                        long last = evaluated.get(evaluated.size() - 1).time;
                        if (last + HOUR > watermark) {
                            List<String> history = new ArrayList<>();
                            for (Tx t : evaluated) {
                                if (t.time > last - HOUR) {
                                    history.add(
                                            FraudAlertsBootstrapTest.timed(
                                                    iso(t.time),
                                                    Math.round(t.amount * 100),
                                                    iso(last + HOUR)));
                                }
                            }
                            line.append(",\"history\":[")
                                    .append(String.join(",", history))
                                    .append("]");
                        }
                    }
                    if (!pending.isEmpty()) {
                        line.append(",\"timers\":[")
                                .append(
                                        String.join(
                                                ",",
                                                pending.keySet().stream()
                                                        .map(t -> "\"" + iso(t) + "\"")
                                                        .toList()))
                                .append("]");
                    }
                    if (line.indexOf(",") > 0) {
                        lines.add(line.append("}").toString());
                    }
                });
        return lines;
    }

    /**
     * The real transactions, the marker's five in the second before CLOCK, and one transaction per
     * Kafka partition at CLOCK: clock-a (1500.00, a spend alert once evaluated) and clock-b.
     */
    static List<Tx> firstPart() {
        List<Tx> first = new ArrayList<>(REAL);
        for (int i = 1; i <= 5; i++) {
            first.add(new Tx("marker", "marker-" + i, CLOCK - 1000, 1.0));
        }
        String[] clocks = clockUsers();
        first.add(new Tx(clocks[0], "clock-a", CLOCK, 1500.0));
        first.add(new Tx(clocks[1], "clock-b", CLOCK, 1.0));
        return first;
    }

    /**
     * Two users whose transactions go to Kafka partitions 0 and 1 (as KafkaStateRuns puts them).
     */
    private static String[] clockUsers() {
        String[] users = new String[2];
        for (int i = 0; users[0] == null || users[1] == null; i++) {
            String user = "clock" + i;
            users[Math.floorMod(user.hashCode(), 2)] = user;
        }
        return users;
    }

    private static List<Tx> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Tx> txs = new ArrayList<>();
        long time = START;
        for (int i = 0; i < count; i++) {
            time += 20_000 + random.nextInt(160) * 1000L;
            int user = time < START + HOUR / 2 ? 1 + random.nextInt(6) : 1 + random.nextInt(5);
            txs.add(new Tx("user" + user, "tx" + i, time, 1 + random.nextInt(60000) / 100.0));
        }
        return txs;
    }

    private static List<Tx> later(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Tx> txs = new ArrayList<>();
        long time = CLOCK;
        for (int i = 0; i < count; i++) {
            time += 20_000 + random.nextInt(160) * 1000L;
            txs.add(
                    new Tx(
                            "user" + (1 + random.nextInt(5)),
                            "later" + i,
                            time,
                            1 + random.nextInt(60000) / 100.0));
        }
        return txs;
    }

    static List<String> lines(List<Tx> txs) {
        Map<Integer, String> lines = new LinkedHashMap<>();
        for (Tx tx : txs) {
            lines.put(lines.size(), tx.input());
        }
        return List.copyOf(lines.values());
    }

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /** A generated transaction. */
    record Tx(String user, String id, long time, double amount) {
        /** The job's input: the time in epoch seconds, as in the seed. */
        String input() {
            return "{\"userId\":\""
                    + user
                    + "\",\"transactionId\":\""
                    + id
                    + "\",\"transactionTime\":"
                    + time / 1000
                    + ",\"amount\":"
                    + amount
                    + "}";
        }

        /** As read prints it in pending. */
        String json() {
            return FraudAlertsBootstrapTest.tx(user, id, iso(time), amount);
        }
    }
}
