package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.read;
import static dev.statefuljobs.state.StateRuns.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.jobs.JobCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fraud-alerts (transformWithState) from hand-written lines: the bootstrapped variables, timers and
 * TTL deadlines drive the rules as if the job had written them; bad lines are refused.
 */
class FraudAlertsBootstrapTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir Path dir;

    /** user9's two transactions wait in pending for the watermark to reach 22:13:55. */
    static final String USER9 =
            "{\"userId\":\"user9\",\"pending\":{\"2023-11-14T22:13:55Z\":{\"value\":["
                    + tx("user9", "tx9001", "2023-11-14T22:13:55Z", 700.0)
                    + ","
                    + tx("user9", "tx9002", "2023-11-14T22:13:55Z", 400.0)
                    + "],\"expires_at\":\"2023-11-14T23:13:55Z\"}},"
                    + "\"timers\":[\"2023-11-14T22:13:55Z\"]}";

    /** user2 spent 500.00 at 22:13:00, which counts for an hour. */
    static final String USER2 =
            "{\"userId\":\"user2\",\"history\":["
                    + timed("2023-11-14T22:13:00Z", 50000, "2023-11-14T23:13:00Z")
                    + "]}";

    /** user3 spent 500.00 at 22:14:50, but that value expires at 22:14:55 (its TTL deadline). */
    static final String USER3 =
            "{\"userId\":\"user3\",\"history\":["
                    + timed("2023-11-14T22:14:50Z", 50000, "2023-11-14T22:14:55Z")
                    + "]}";

    /**
     * On the sample at parallelism 1, in the order the job emits them: user9's restored timer fires
     * once the watermark reaches 22:13:55 (after user2's evaluation at 22:13:25, before user1's at
     * 22:14:00) and its second transaction makes 1100.00 (spend); user2's history adds 500.00 to
     * each of its transactions within the hour (tx3101 1100.00 with 2 in a minute, tx3102 1500.00,
     * tx3103 1500.01; tx3104 at 23:13:25 is more than an hour after all of it: 450.01); user3's
     * expired 500.00 counts for nothing, so its alerts are the sample's own.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void bootstrappedVariablesTimersAndDeadlinesDriveTheRules(String backend) throws Exception {
        List<String> rows = List.of(USER2, USER3, USER9);
        String savepoint = bootstrap(dir, "fraud-alerts", rows, "--state-backend", backend);
        assertEquals(rows, read(savepoint, "fraud-alerts"));
        JobRun out =
                JobRun.fromSavepoint(
                        savepoint,
                        JobCatalog.FRAUD_ALERTS,
                        JobRun.lines(getClass(), "samples/fraud-alerts.jsonl"),
                        "--parallelism",
                        "1",
                        "--state-backend",
                        backend);
        assertEquals(
                List.of(
                        alert("user2", "tx3101", "2023-11-14T22:13:25Z", "spend", 2, 1100.0),
                        alert("user9", "tx9002", "2023-11-14T22:13:55Z", "spend", 2, 1100.0),
                        alert("user1", "tx3005", "2023-11-14T22:14:00Z", "velocity", 5, 50.0),
                        alert("user1", "tx3006", "2023-11-14T22:14:20Z", "velocity", 5, 60.0),
                        alert("user3", "tx3204", "2023-11-14T22:15:30Z", "spend", 4, 1200.0),
                        alert(
                                "user3",
                                "tx3205",
                                "2023-11-14T22:15:40Z",
                                "velocity\",\"spend",
                                5,
                                1500.0),
                        alert("user4", "tx3305", "2023-11-14T22:16:40Z", "velocity", 5, 5.0),
                        alert("user2", "tx3102", "2023-11-14T22:43:25Z", "spend", 1, 1500.0),
                        alert("user2", "tx3103", "2023-11-14T22:45:00Z", "spend", 1, 1500.01)),
                out.results());
    }

    /** docs/state.md's example of a fraud-alerts line is one that bootstrap and read give back. */
    @Test
    void theDocsExampleRoundTrips() throws Exception {
        List<String> example =
                Files.readAllLines(
                                Path.of("").toAbsolutePath().getParent().resolve("docs/state.md"))
                        .stream()
                        .filter(l -> l.startsWith("{\"userId\":\"user1\",\"pending\":"))
                        .toList();
        assertEquals(1, example.size(), "docs/state.md's fraud-alerts example");
        assertEquals(example, read(bootstrap(dir, "fraud-alerts", example), "fraud-alerts"));
    }

    @Test
    void badLinesAreRefusedWithTheirNumbersAndNothingIsWritten() throws Exception {
        String history = "[" + timed("2023-11-14T22:13:00Z", 100, "2023-11-14T23:13:00Z") + "]";
        Path from = dir.resolve("fraud.jsonl");
        Files.write(
                from,
                List.of(
                        "{\"userId\":\"u1\",\"history\":" + history + "}",
                        "{\"userId\":\"u2\",\"history\":[",
                        "{\"userId\":\"u3\",\"histroy\":" + history + "}",
                        "{\"userId\":\"u4\",\"history\":[{\"value\":{\"time\":\"2023-11-14T22:13:00Z\","
                                + "\"cent\":1},\"expires_at\":\"2023-11-14T23:13:00Z\"}]}",
                        "{\"userId\":\"u5\",\"history\":[{\"value\":{\"time\":\"2023-11-14T22:13:00Z\","
                                + "\"cents\":\"12\"},\"expires_at\":\"2023-11-14T23:13:00Z\"}]}",
                        "{\"userId\":\"u1\",\"timers\":[\"2023-11-14T22:13:00Z\"]}",
                        "",
                        "{\"userId\":\"u7\",\"timers\":[\"soon\"]}",
                        "{\"userId\":\"u8\",\"pending\":{\"2023-11-14T22:13:00Z\":{\"value\":[]}}}",
                        "{\"userId\":\"u9\"}",
                        "{\"userId\":\"u10\",\"timers\":[\"2023-11-14T22:13:00Z\"],\"timers\":[]}"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("savepoint");
        StateRuns.ToolRun run =
                tool(
                        "bootstrap",
                        "--job",
                        "fraud-alerts",
                        "--from",
                        from.toString(),
                        "--out",
                        out.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals(
                List.of(
                        "error: "
                                + from
                                + ":2: malformed JSON: Unexpected end-of-input: expected close"
                                + " marker for Array",
                        from
                                + ":3: field 'histroy' is unknown (the fields are userId, pending,"
                                + " history, timers)",
                        from
                                + ":4: field 'history[0].value.cent' is unknown (the fields are"
                                + " time, cents)",
                        from + ":5: field 'history[0].value.cents' must be an integer, got string",
                        from + ":6: key 'u1' appears twice (first on line 1)",
                        from + ":8: field 'timers[0]' is not an ISO-8601 instant: 'soon'",
                        from
                                + ":9: missing field"
                                + " 'pending[\"2023-11-14T22:13:00Z\"].expires_at'",
                        from
                                + ":10: key 'u9' has no state: a row has at least one of pending,"
                                + " history, timers",
                        from + ":11: field 'timers' appears twice",
                        "9 bad lines in "
                                + from
                                + " (a row has the fields userId, pending, history, timers);"
                                + " nothing was written."),
                run.err().lines().toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("fraud.jsonl"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    static String tx(String user, String id, String time, double amount) {
        return "{\"userId\":\""
                + user
                + "\",\"transactionId\":\""
                + id
                + "\",\"transactionTime\":\""
                + time
                + "\",\"amount\":"
                + amount
                + "}";
    }

    static String timed(String time, long cents, String expiresAt) {
        return "{\"value\":{\"time\":\""
                + time
                + "\",\"cents\":"
                + cents
                + "},\"expires_at\":\""
                + expiresAt
                + "\"}";
    }

    static String alert(
            String user, String id, String time, String rules, int count, double spend) {
        return "{\"userId\":\""
                + user
                + "\",\"transactionId\":\""
                + id
                + "\",\"transactionTime\":\""
                + time
                + "\",\"rules\":[\""
                + rules
                + "\"],\"count_1m\":"
                + count
                + ",\"spend_1h\":"
                + spend
                + "}";
    }
}
