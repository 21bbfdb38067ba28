package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.groupstate.GroupStateFunction;
import dev.statefuljobs.common.groupstate.GroupStateTimeout;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.state.InitialStateOperator;
import dev.statefuljobs.common.testing.Backend;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.common.testing.KeyedHarnesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * running-total-expiring: the update function on the harness (expiry driven by watermarks), and the
 * job on a MiniCluster against the seed's event-time-timeout walkthrough.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw
// InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class RunningTotalExpiringJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.RUNNING_TOTAL_EXPIRING;

    static long at(String hhmm) {
        return Instant.parse("2025-03-29T" + hhmm + ":00Z").toEpochMilli();
    }

    static String total(String user, double total) {
        return "{\"userId\":\"" + user + "\",\"total\":" + total + "}";
    }

    static String expiry(String user, double total, String hhmm) {
        return "{\"userId\":\""
                + user
                + "\",\"total\":"
                + total
                + ",\"expired\":true,\"expired_at\":\"2025-03-29T"
                + hhmm
                + ":00Z\"}";
    }

    static Transaction tx(String user, String id, String hhmm, double amount) {
        return new Transaction(user, id, at(hhmm), amount);
    }

    static GroupStateFunction<String, Transaction, Double, RunningTotal> function() {
        return new GroupStateFunction<>(
                new RunningTotalExpiringJob.AddOrExpire(Duration.ofHours(1)),
                Types.DOUBLE,
                TypeInformation.of(Transaction.class),
                GroupStateTimeout.EventTimeTimeout);
    }

    static List<String> drain(
            KeyedOneInputStreamOperatorTestHarness<String, Transaction, RunningTotal> h) {
        List<String> out =
                h.extractOutputValues().stream()
                        .map(RunningTotal::toJson)
                        .collect(Collectors.toList());
        h.getOutput().clear();
        return out;
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<String, Transaction, RunningTotal> h,
            Transaction t)
            throws Exception {
        h.processElement(t, t.transactionTime);
    }

    // --- the function on the harness ---

    @Test
    void theWatermarkPassingLatestTransactionPlusTimeoutExpiresTheTotal() throws Exception {
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        function(), t -> t.userId, Types.STRING)) {
            send(h, tx("user1", "txn_101", "10:00", 100.0));
            send(h, tx("user1", "txn_102", "10:15", 50.0));
            h.processWatermark(at("11:15")); // the deadline itself: not yet (Spark: strictly after)
            assertEquals(List.of(total("user1", 100.0), total("user1", 150.0)), drain(h));
            h.processWatermark(at("11:15") + 1);
            assertEquals(List.of(expiry("user1", 150.0, "11:15")), drain(h));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            send(h, tx("user1", "txn_103", "11:30", 30.0));
            assertEquals(List.of(total("user1", 30.0)), drain(h));
        }
    }

    @Test
    void aTransactionAfterTheExpiryStartsFromZeroBeforeTheWatermarkFiresIt() throws Exception {
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        function(), t -> t.userId, Types.STRING)) {
            send(h, tx("user1", "txn_101", "10:00", 100.0));
            send(h, tx("user1", "txn_102", "10:15", 50.0));
            h.processWatermark(at("10:30"));
            send(h, tx("user1", "txn_103", "11:30", 30.0)); // Spark would print 180.0 here
            assertEquals(
                    List.of(
                            total("user1", 100.0),
                            total("user1", 150.0),
                            expiry("user1", 150.0, "11:15"),
                            total("user1", 30.0)),
                    drain(h));
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of(expiry("user1", 30.0, "12:30")), drain(h));
        }
    }

    @Test
    void anOutOfOrderTransactionDoesNotMoveTheExpiryEarlier() throws Exception {
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        function(), t -> t.userId, Types.STRING)) {
            send(h, tx("user1", "a", "10:15", 50.0));
            send(
                    h,
                    tx(
                            "user1", "b", "10:00",
                            100.0)); // behind the latest but not behind the watermark
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(
                    List.of(
                            total("user1", 50.0),
                            total("user1", 150.0),
                            expiry("user1", 150.0, "11:15")),
                    drain(h));
        }
    }

    @Test
    void aLateTransactionGoesToTheLateSideOutput() throws Exception {
        GroupStateFunction<String, Transaction, Double, RunningTotal> fn = function();
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, t -> t.userId, Types.STRING)) {
            send(h, tx("user1", "a", "10:00", 100.0));
            h.processWatermark(at("10:30"));
            Transaction late = tx("user1", "b", "10:20", 5.0);
            send(h, late);
            assertEquals(List.of(total("user1", 100.0)), drain(h));
            assertEquals(
                    List.of(late),
                    h.getSideOutput(fn.getLateRecordsTag()).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList()));
        }
    }

    /**
     * An initial total has no deadline: its user's next transaction adds to it and arms one; a user
     * with only an initial total is never called and never expires.
     */
    @Test
    void anInitialTotalHasNoDeadlineUntilItsUsersNextTransaction() throws Exception {
        InitialState<String, Double> initial =
                InitialState.of(
                        List.of(new InitialRow<>("user1", 100.0), new InitialRow<>("user2", 7.0)));
        try (var h =
                KeyedHarnesses.open(
                        new InitialStateOperator<>(function(), initial),
                        (Transaction t) -> t.userId,
                        Types.STRING,
                        Backend.HASHMAP,
                        null)) {
            assertEquals(0, h.numEventTimeTimers());
            h.processWatermark(at("10:00"));
            send(h, tx("user1", "a", "10:30", 50.0));
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(at("11:30"));
            assertEquals(List.of(total("user1", 150.0)), drain(h));
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of(expiry("user1", 150.0, "11:30")), drain(h));
            assertEquals(1, h.numKeyedStateEntries()); // user2's 7.0
        }
    }

    // --- the job on a MiniCluster ---

    @Test
    void theSeedsWalkthroughPerUser() throws Exception {
        JobRun run =
                JobRun.of(JOB, JobRun.lines(getClass(), "samples/transactions-expiring.jsonl"));
        assertEquals(
                List.of(
                        total("user1", 100.0),
                        total("user1", 150.0),
                        expiry("user1", 150.0, "11:15"),
                        total("user1", 30.0),
                        expiry("user1", 30.0, "12:30")),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 200.0), expiry("user2", 200.0, "11:30")),
                forUser(run.results(), "user2"));
        assertEquals(List.of(), run.late());
        assertEquals(List.of(), run.deadLetters());
    }

    @Test
    void theSeedsWalkthroughInOrderAtParallelismOne() throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JOB, "--web-ui", "off", "--parallelism", "1"); // the embedded sample
        assertEquals(
                List.of(
                        total("user1", 100.0),
                        total("user1", 150.0),
                        total("user2", 200.0),
                        expiry("user1", 150.0, "11:15"),
                        total("user1", 30.0),
                        // end of input: the watermark jumps to the end of time and the remaining
                        // totals expire
                        expiry("user2", 200.0, "11:30"),
                        expiry("user1", 30.0, "12:30")),
                run.results());
    }

    @Test
    void lateTransactionsGoToTheLateOutput() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        List.of(
                                "{\"userId\":\"user1\",\"transactionId\":\"a\",\"transactionTime\":\"2025-03-29 10:00:00\",\"amount\":100.0}",
                                "{\"userId\":\"user2\",\"transactionId\":\"b\",\"transactionTime\":\"2025-03-29 10:30:00\",\"amount\":200.0}",
                                "{\"userId\":\"user1\",\"transactionId\":\"c\",\"transactionTime\":\"2025-03-29 10:20:00\",\"amount\":5.0}"),
                        "--parallelism",
                        "1");
        assertEquals(
                List.of(
                        "{\"job\":\"running-total-expiring\",\"event_time\":\"2025-03-29T10:20:00Z\","
                                + "\"watermark\":\"2025-03-29T10:29:59.999Z\",\"late_by_ms\":599999,\"record\":{\"userId\":\"user1\","
                                + "\"transactionId\":\"c\",\"transactionTime\":\"2025-03-29T10:20:00Z\",\"amount\":5.0}}"),
                run.late());
        assertEquals(
                List.of(total("user1", 100.0), expiry("user1", 100.0, "11:00")),
                forUser(run.results(), "user1"));
    }

    @Test
    void theSeedsWalkthroughFromInitialTotals(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("initial-totals.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"userId\":\"user1\",\"total\":1000.0}",
                        "{\"userId\":\"user3\",\"total\":5.0}"));
        JobRun run =
                JobRun.of(
                        JOB,
                        JobRun.lines(getClass(), "samples/transactions-expiring.jsonl"),
                        "--initial-state",
                        file.toString());
        assertEquals(
                List.of(
                        total("user1", 1100.0),
                        total("user1", 1150.0),
                        expiry("user1", 1150.0, "11:15"),
                        total("user1", 30.0),
                        expiry("user1", 30.0, "12:30")),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(total("user2", 200.0), expiry("user2", 200.0, "11:30")),
                forUser(run.results(), "user2"));
        assertEquals(List.of(), forUser(run.results(), "user3"));
    }

    @Test
    void badFlagsFailBeforeTheJobRuns() {
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--timeout", "0s"));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--impl", "groupstate"));
    }

    static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(r -> r.contains("\"" + user + "\""))
                .collect(Collectors.toList());
    }
}
