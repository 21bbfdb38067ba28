package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.forKey;
import static dev.statefuljobs.state.StateRuns.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.jobs.JobCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** bootstrap, then the job: it continues from the rows, and their timeouts fire at their time. */
class BootstrapTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir Path dir;

    @Test
    void theIssuesExampleContinuesUser1From100() throws Exception {
        String savepoint =
                bootstrap(dir, "running-total", List.of("{\"userId\":\"user1\",\"total\":100.0}"));
        JobRun out =
                JobRun.fromSavepoint(
                        savepoint,
                        JobCatalog.RUNNING_TOTAL,
                        JobRun.lines(getClass(), "samples/transactions.jsonl"));
        assertEquals(
                List.of(
                        "{\"userId\":\"user1\",\"total\":150.0}",
                        "{\"userId\":\"user1\",\"total\":180.0}",
                        "{\"userId\":\"user1\",\"total\":220.0}"),
                forKey(out.results(), "userId", "user1"));
        assertEquals(
                List.of(
                        "{\"userId\":\"user2\",\"total\":20.0}",
                        "{\"userId\":\"user2\",\"total\":80.0}"),
                forKey(out.results(), "userId", "user2"));
    }

    /**
     * At parallelism 1 the rows come in the order the job produced them: user9's timeout fires as
     * soon as the watermark passes it (after user1's second transaction at 22:13:40), user2's
     * deadline has passed when its first transaction comes (that total starts from zero), and
     * user1's lies beyond the input (it fires at the end of input).
     */
    @Test
    void bootstrappedTimeoutsFireAtTheirTime() throws Exception {
        List<String> rows =
                List.of(
                        "{\"userId\":\"user1\",\"total\":100.0,\"timeout_at\":\"2023-11-15T00:00:00Z\"}",
                        "{\"userId\":\"user2\",\"total\":5.0,\"timeout_at\":\"2023-11-14T22:13:50Z\"}",
                        "{\"userId\":\"user9\",\"total\":9.0,\"timeout_at\":\"2023-11-14T22:13:30Z\"}");
        String savepoint = bootstrap(dir, "running-total-expiring", rows);
        assertEquals(rows, read(savepoint, "running-total-expiring"));
        JobRun out =
                JobRun.fromSavepoint(
                        savepoint,
                        JobCatalog.RUNNING_TOTAL_EXPIRING,
                        JobRun.lines(getClass(), "samples/transactions.jsonl"),
                        "--parallelism",
                        "1");
        assertEquals(
                List.of(
                        "{\"userId\":\"user1\",\"total\":150.0}",
                        "{\"userId\":\"user1\",\"total\":180.0}",
                        expired("user9", 9.0, "2023-11-14T22:13:30Z"),
                        expired("user2", 5.0, "2023-11-14T22:13:50Z"),
                        "{\"userId\":\"user2\",\"total\":20.0}",
                        "{\"userId\":\"user1\",\"total\":220.0}",
                        "{\"userId\":\"user2\",\"total\":80.0}",
                        expired("user2", 80.0, "2023-11-14T23:14:40Z"),
                        expired("user1", 220.0, "2023-11-15T00:00:00Z")),
                out.results());
    }

    /**
     * A session from the file goes on with the seed's clicks (user1's first two are within 30 s of
     * its last click), ends at its last click + 30 s in event time, and the next click starts a new
     * one.
     */
    @Test
    void aBootstrappedSessionContinuesAndEndsInEventTime() throws Exception {
        String savepoint =
                bootstrap(
                        dir,
                        "user-sessions",
                        List.of(
                                "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T09:59:50Z\","
                                        + "\"last_event\":\"2023-07-30T09:59:55Z\",\"event_count\":2,"
                                        + "\"timeout_at\":\"2023-07-30T10:00:25Z\"}"),
                        "--time",
                        "event");
        JobRun out =
                JobRun.fromSavepoint(
                        savepoint,
                        JobCatalog.USER_SESSIONS,
                        JobRun.lines(getClass(), "samples/clicks.jsonl"),
                        "--time",
                        "event");
        String first = "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T09:59:50Z\",";
        String second = "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T10:01:20Z\",";
        assertEquals(
                List.of(
                        first + "\"event_count\":3,\"status\":\"active\"}",
                        first + "\"event_count\":4,\"status\":\"active\"}",
                        first
                                + "\"session_end\":\"2023-07-30T10:00:50Z\",\"event_count\":4,"
                                + "\"status\":\"expired\"}",
                        second + "\"event_count\":1,\"status\":\"active\"}",
                        second
                                + "\"session_end\":\"2023-07-30T10:01:50Z\",\"event_count\":1,"
                                + "\"status\":\"expired\"}"),
                forKey(out.results(), "user_id", "user1"));
    }

    /** read --output: the same lines, as part files in a new directory (for the cluster). */
    @Test
    void readWritesPartFilesWithOutput() throws Exception {
        List<String> rows =
                List.of(
                        "{\"userId\":\"user1\",\"total\":1.0}",
                        "{\"userId\":\"user2\",\"total\":2.0}");
        String savepoint = bootstrap(dir, "running-total", rows);
        Path out = dir.resolve("read");
        StateRuns.ToolRun run =
                StateRuns.tool(
                        "read", savepoint, "--job", "running-total", "--output", out.toString());
        assertEquals(0, run.status(), run.err());
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        lines.sort(null);
        assertEquals(rows, lines);
    }

    private static String expired(String user, double total, String at) {
        return "{\"userId\":\""
                + user
                + "\",\"total\":"
                + total
                + ",\"expired\":true,\"expired_at\":\""
                + at
                + "\"}";
    }
}
