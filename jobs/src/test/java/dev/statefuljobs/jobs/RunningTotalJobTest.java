package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.groupstate.GroupStateFunction;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * running-total: both implementations (GroupState and Flink's keyed reduce) on the seed's
 * transactions, on each other's output for a large generated stream, with state TTL on the
 * harness's TTL clock, and bad input.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw
// InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class RunningTotalJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.RUNNING_TOTAL;

    static String total(String user, double total) {
        return "{\"userId\":\"" + user + "\",\"total\":" + total + "}";
    }

    static Transaction tx(String user, double amount) {
        return new Transaction(user, "tx", 0, amount);
    }

    // --- the seed's table on a MiniCluster ---

    @ParameterizedTest
    @ValueSource(strings = {"groupstate", "keyed-sum", "sql"})
    void theSeedsTransactionsGiveTheSeedsTotals(String impl) throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        JobRun.lines(getClass(), "samples/transactions.jsonl"),
                        "--impl",
                        impl);
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0), total("user1", 120.0)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 20.0), total("user2", 80.0)),
                forUser(run.results(), "user2"));
        assertEquals(5, run.results().size());
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"groupstate", "keyed-sum"})
    void stateTtlFlagRunsBothImplementations(String impl) throws Exception {
        // On a MiniCluster the run takes far less than an hour: the TTL changes nothing here (see
        // the harness tests).
        JobRun run =
                JobRun.withArgs(
                        JOB,
                        "--web-ui",
                        "off",
                        "--impl",
                        impl,
                        "--state-ttl",
                        "1h",
                        "--parallelism",
                        "1");
        assertEquals(
                List.of(
                        total("user1", 50.0),
                        total("user1", 80.0),
                        total("user2", 20.0),
                        total("user1", 120.0),
                        total("user2", 80.0)),
                run.results());
    }

    /**
     * Both implementations fold the same amounts in the same order, so even the doubles are
     * identical.
     */
    @Test
    void groupStateAndKeyedSumAgreeOnTenThousandTransactions() throws Exception {
        SplittableRandom random = new SplittableRandom(20250329L);
        List<String> lines = new ArrayList<>();
        long time = 1_700_000_000L;
        for (int i = 0; i < 10_000; i++) {
            String user = "user" + random.nextInt(1_000);
            double amount = random.nextInt(1, 1_000_000) / 100.0; // 0.01 .. 9999.99, two decimals
            time += random.nextInt(3);
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "{\"userId\":\"%s\",\"transactionId\":\"tx%d\",\"transactionTime\":%d,\"amount\":%s}",
                            user,
                            i,
                            time,
                            Double.toString(amount)));
        }
        Map<String, List<String>> groupState =
                perUser(JobRun.of(JOB, lines, "--impl", "groupstate").results());
        Map<String, List<String>> keyedSum =
                perUser(JobRun.of(JOB, lines, "--impl", "keyed-sum").results());

        assertEquals(10_000, groupState.values().stream().mapToInt(List::size).sum());
        assertTrue(groupState.size() > 990, "users: " + groupState.size());
        assertEquals(groupState.keySet(), keyedSum.keySet());
        for (String user : groupState.keySet()) {
            assertEquals(groupState.get(user), keyedSum.get(user), user);
        }
    }

    // --- state TTL on the harness (processing-time TTL clock) ---

    static final StateTtlConfig ONE_HOUR = RunningTotalJob.stateTtl(Duration.ofHours(1));
    static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void groupStateTotalExpiresAfterTheTtlOfProcessingTime() throws Exception {
        GroupStateFunction<String, Transaction, Double, RunningTotal> fn =
                GroupStateFunction.forMap(
                                new RunningTotalJob.AddToTotal(),
                                Types.DOUBLE,
                                TypeInformation.of(Transaction.class),
                                GroupStateTimeout.NoTimeout)
                        .withStateTtl(ONE_HOUR);
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, t -> t.userId, Types.STRING)) {
            assertTtl(h);
        }
    }

    @Test
    void keyedSumTotalExpiresAfterTheTtlOfProcessingTime() throws Exception {
        // keyed-sum's input is already a per-user amount (the job maps Transaction to RunningTotal
        // first).
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RunningTotalJob.SumWithTtl(ONE_HOUR),
                        (RunningTotal t) -> t.userId,
                        Types.STRING)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(new RunningTotal("user1", 50.0), 0);
            h.setStateTtlProcessingTime(HOUR - 1);
            h.processElement(new RunningTotal("user1", 30.0), 0);
            h.processElement(new RunningTotal("user2", 20.0), 0);
            h.setStateTtlProcessingTime(2 * HOUR - 2);
            h.processElement(new RunningTotal("user1", 40.0), 0);
            h.setStateTtlProcessingTime(4 * HOUR);
            h.processElement(new RunningTotal("user1", 5.0), 0);
            h.processElement(new RunningTotal("user2", 60.0), 0);
            assertEquals(
                    List.of(
                            total("user1", 50.0),
                            total("user1", 80.0),
                            total("user2", 20.0),
                            total("user1", 120.0),
                            total("user1", 5.0),
                            total("user2", 60.0)),
                    json(h));
        }
    }

    @Test
    void withoutTtlTheGroupStateTotalNeverExpires() throws Exception {
        GroupStateFunction<String, Transaction, Double, RunningTotal> fn =
                GroupStateFunction.forMap(
                        new RunningTotalJob.AddToTotal(),
                        Types.DOUBLE,
                        TypeInformation.of(Transaction.class),
                        GroupStateTimeout.NoTimeout);
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, t -> t.userId, Types.STRING)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(tx("user1", 50.0), 0);
            h.setStateTtlProcessingTime(100 * HOUR);
            h.processElement(tx("user1", 30.0), 0);
            assertEquals(List.of(total("user1", 50.0), total("user1", 80.0)), json(h));
            assertEquals(1, h.numKeyedStateEntries());
        }
    }

    /**
     * The same script as keyed-sum's: written at 0 and 1h-1ms, read at 2h-2ms (alive), 4h
     * (expired).
     */
    private static void assertTtl(
            KeyedOneInputStreamOperatorTestHarness<String, Transaction, RunningTotal> h)
            throws Exception {
        h.setStateTtlProcessingTime(0);
        h.processElement(tx("user1", 50.0), 0);
        h.setStateTtlProcessingTime(HOUR - 1);
        h.processElement(tx("user1", 30.0), 0);
        h.processElement(tx("user2", 20.0), 0);
        h.setStateTtlProcessingTime(2 * HOUR - 2);
        h.processElement(tx("user1", 40.0), 0);
        h.setStateTtlProcessingTime(4 * HOUR);
        h.processElement(tx("user1", 5.0), 0);
        h.processElement(tx("user2", 60.0), 0);
        assertEquals(
                List.of(
                        total("user1", 50.0),
                        total("user1", 80.0),
                        total("user2", 20.0),
                        total("user1", 120.0),
                        total("user1", 5.0),
                        total("user2", 60.0)),
                json(h));
    }

    // --- event-time TTL (--state-ttl-event-time) ---

    static String transaction(String user, long epochSeconds, double amount) {
        return String.format(
                Locale.ROOT,
                "{\"userId\":\"%s\",\"transactionId\":\"tx%d\",\"transactionTime\":%d,\"amount\":%s}",
                user,
                epochSeconds,
                epochSeconds,
                amount);
    }

    /**
     * user1's third transaction comes 2 h of event time after the one that last updated its total:
     * the total expired 1 h after that, in milliseconds of wall-clock time. user2's second comes 1
     * s before its total expires.
     */
    @Test
    void aTotalExpiresAnHourOfEventTimeAfterItsLastTransaction() throws Exception {
        long t = 1_700_000_000L;
        JobRun run =
                JobRun.of(
                        JOB,
                        List.of(
                                transaction("user1", t, 50.0),
                                transaction("user2", t, 20.0),
                                transaction("user1", t + 1_800, 30.0),
                                transaction("user2", t + 3_599, 60.0),
                                transaction("user1", t + 9_000, 40.0)),
                        "--state-ttl-event-time",
                        "1h");
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0), total("user1", 40.0)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 20.0), total("user2", 80.0)),
                forUser(run.results(), "user2"));
    }

    @Test
    void keyedSumHasNoEventTimeTtl() {
        assertTrue(
                JobRun.refusal(JOB, "--impl", "keyed-sum", "--state-ttl-event-time", "1h")
                        .startsWith("--state-ttl-event-time needs --impl groupstate"));
    }

    // --- --initial-state: users start from a file's totals ---

    @TempDir Path dir;

    Path initialState(String... lines) throws IOException {
        Path file = dir.resolve("initial-totals.jsonl");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The done-when check, as {@code scripts/run-local.sh running-total --initial-state FILE} runs
     * it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"groupstate", "keyed-sum"})
    void theSampleStartsFromTheInitialTotals(String impl) throws Exception {
        Path file = initialState("{\"userId\":\"user1\",\"total\":100.0}");
        JobRun run =
                JobRun.withArgs(
                        JOB,
                        "--web-ui",
                        "off",
                        "--impl",
                        impl,
                        "--initial-state",
                        file.toString(),
                        "--parallelism",
                        "1");
        assertEquals(
                List.of(
                        total("user1", 150.0),
                        total("user1", 180.0),
                        total("user2", 20.0),
                        total("user1", 220.0),
                        total("user2", 80.0)),
                run.results());
    }

    /** keyed-sum with --state-ttl keeps its totals in SumWithTtl's reducing state instead. */
    @ParameterizedTest
    @ValueSource(strings = {"groupstate", "keyed-sum"})
    void initialTotalsWithStateTtl(String impl) throws Exception {
        Path file = initialState("{\"userId\":\"user2\",\"total\":1.5}");
        JobRun run =
                JobRun.of(
                        JOB,
                        JobRun.lines(getClass(), "samples/transactions.jsonl"),
                        "--impl",
                        impl,
                        "--state-ttl",
                        "1h",
                        "--initial-state",
                        file.toString());
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0), total("user1", 120.0)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 21.5), total("user2", 81.5)),
                forUser(run.results(), "user2"));
    }

    /**
     * At parallelism 2 each subtask applies the totals of its own users: every user with an initial
     * total starts from it, the others from zero, in both implementations.
     */
    @Test
    void initialTotalsOfManyUsersAtParallelismTwo() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> initial = new ArrayList<>();
        Map<String, Double> running = new LinkedHashMap<>();
        for (int u = 0; u < 200; u += 2) {
            double total = random.nextInt(1, 10_000) / 100.0;
            initial.add(
                    String.format(Locale.ROOT, "{\"userId\":\"user%d\",\"total\":%s}", u, total));
            running.put("user" + u, total);
        }
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String user = "user" + random.nextInt(200);
            double amount = random.nextInt(1, 100_000) / 100.0;
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "{\"userId\":\"%s\",\"transactionId\":\"tx%d\",\"transactionTime\":%d,\"amount\":%s}",
                            user,
                            i,
                            1_700_000_000L + i,
                            amount));
            double next = running.getOrDefault(user, 0.0) + amount;
            running.put(user, next);
            expected.computeIfAbsent(user, x -> new ArrayList<>()).add(total(user, next));
        }
        String file = initialState(initial.toArray(new String[0])).toString();
        for (String impl : List.of("groupstate", "keyed-sum")) {
            Map<String, List<String>> actual =
                    perUser(
                            JobRun.of(
                                            JOB,
                                            lines,
                                            "--impl",
                                            impl,
                                            "--initial-state",
                                            file,
                                            "--parallelism",
                                            "2")
                                    .results());
            assertEquals(expected.keySet(), actual.keySet(), impl);
            for (String user : expected.keySet()) {
                assertEquals(expected.get(user), actual.get(user), impl + " " + user);
            }
        }
    }

    @Test
    void aBadInitialStateFailsBeforeTheJobRuns() throws Exception {
        Path file =
                initialState(
                        "{\"userId\":\"user1\",\"total\":100.0}", "", "{\"userId\":\"user2\"}");
        assertEquals(
                "initial state " + file + ", line 3: missing field 'total'",
                JobRun.refusal(JOB, "--initial-state", file.toString()));

        initialState("{\"userId\":\"user1\",\"total\":100.0,\"expired\":true}");
        assertEquals(
                "initial state " + file + ", line 1: field 'expired' is not one of userId, total",
                JobRun.refusal(JOB, "--initial-state", file.toString()));
    }

    @Test
    void twoInitialTotalsForOneUserFailBeforeTheJobRuns() throws Exception {
        Path file =
                initialState(
                        "{\"userId\":\"user1\",\"total\":1.0}",
                        "{\"userId\":\"user2\",\"total\":2.0}",
                        "{\"userId\":\"user1\",\"total\":3.0}");
        assertEquals(
                "initial state " + file + ": two initial rows for key user1 (lines 1 and 3)",
                JobRun.refusal(JOB, "--impl", "keyed-sum", "--initial-state", file.toString()));
    }

    // --- bad input and flags ---

    @Test
    void badTransactionsBecomeDeadLetters() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        List.of(
                                "{\"userId\":\"user1\",\"transactionId\":\"tx1\",\"transactionTime\":1700000000,\"amount\":50.0}",
                                "{\"userId\":\"user1\",\"transactionId\":\"tx2\",\"transactionTime\":1700000010,\"amount\":\"lots\"}",
                                "{\"userId\":\"user1\",\"transactionId\":\"tx3\",\"transactionTime\":\"yesterday\",\"amount\":1.0}",
                                "{\"transactionId\":\"tx4\",\"transactionTime\":1700000020,\"amount\":1.0}",
                                "{\"userId\":\"user1\",\"transactionId\":\"tx5\",\"transactionTime\":\"2023-11-14 22:13:40\",\"amount\":30.0}"));
        assertEquals(List.of(total("user1", 50.0), total("user1", 80.0)), run.results());
        assertEquals(3, run.deadLetters().size());
        assertTrue(
                run.deadLetters().stream()
                        .anyMatch(d -> d.contains("field 'amount' must be a number, got string")),
                run.deadLetters().toString());
        assertTrue(run.deadLetters().stream().anyMatch(d -> d.contains("missing field 'userId'")));
        assertTrue(run.deadLetters().stream().anyMatch(d -> d.contains("field 'transactionTime'")));
    }

    @Test
    void badFlagsFailBeforeTheJobRuns() {
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--impl", "spark"));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--state-ttl", "soon"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JobRun.withArgs(JOB, "--web-ui", "off", "--gap", "1m"));
        assertTrue(e.getMessage().startsWith("Unknown flag(s) for running-total: --gap"));
    }

    static List<String> json(KeyedOneInputStreamOperatorTestHarness<String, ?, RunningTotal> h) {
        return h.extractOutputValues().stream()
                .map(RunningTotal::toJson)
                .collect(Collectors.toList());
    }

    static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(r -> r.contains("\"" + user + "\""))
                .collect(Collectors.toList());
    }

    static Map<String, List<String>> perUser(List<String> results) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        for (String r : results) {
            String user = r.substring(r.indexOf(":\"") + 2, r.indexOf("\",\"total\""));
            byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(r);
        }
        return byUser;
    }
}
