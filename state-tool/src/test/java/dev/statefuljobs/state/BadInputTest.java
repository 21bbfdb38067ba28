package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static dev.statefuljobs.state.StateRuns.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.jobs.JobCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user can get wrong is one sentence and exit status 1, never a stack trace; a bootstrap
 * with a bad line names every bad line and writes nothing.
 */
class BadInputTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir Path dir;

    @Test
    void badLinesAreRefusedWithTheirNumbersAndNothingIsWritten() throws Exception {
        Path from = dir.resolve("state.jsonl");
        Files.write(
                from,
                List.of(
                        "{\"userId\":\"user1\",\"total\":100.0}",
                        "{\"userId\":\"user2\",\"total\":",
                        "{\"userId\":\"user3\",\"totl\":1.0}",
                        "{\"userId\":\"user4\",\"total\":\"12\"}",
                        "{\"userId\":\"user1\",\"total\":5.0}",
                        "",
                        "{\"userId\":\"user5\"}",
                        "{\"userId\":\"user6\",\"total\":1.0,\"timeout_at\":\"2025-01-01T00:00:00Z\"}",
                        "[1,2]",
                        "{\"userId\":\"user7\",\"total\":1.0,\"total\":2.0}"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("savepoint");
        StateRuns.ToolRun run =
                tool(
                        "bootstrap",
                        "--job",
                        "running-total",
                        "--from",
                        from.toString(),
                        "--out",
                        out.toString());
        assertEquals(1, run.status());
        String f = "error: " + from + ":";
        assertEquals(
                List.of(
                        f
                                + "2: malformed JSON: Unexpected end-of-input within/between Object entries",
                        from + ":3: field 'totl' is unknown (the fields are userId, total)",
                        from + ":4: field 'total' must be a number, got string",
                        from + ":5: key 'user1' appears twice (first on line 1)",
                        from + ":7: missing field 'total'",
                        from
                                + ":8: field 'timeout_at' is not allowed: this operator has no timeouts",
                        from + ":9: not a JSON object",
                        from + ":10: field 'total' appears twice",
                        "8 bad lines in "
                                + from
                                + " (a row has the fields userId, total); nothing was written."),
                run.err().lines().toList());
        assertFalse(Files.exists(out));
        assertNothingBut(dir, "state.jsonl");
    }

    @Test
    void timeoutsAndSessionsAreChecked() throws Exception {
        Path from = dir.resolve("sessions.jsonl");
        Files.write(
                from,
                List.of(
                        "{\"user_id\":\"u1\",\"session_start\":\"2023-07-30T10:00:00Z\",\"last_event\":\"2023-07-30T09:00:00Z\",\"event_count\":1}",
                        "{\"user_id\":\"u2\",\"session_start\":\"2023-07-30T10:00:00Z\",\"last_event\":\"2023-07-30T10:00:00Z\",\"event_count\":0}",
                        "{\"user_id\":\"u3\",\"session_start\":\"yesterday\",\"last_event\":\"2023-07-30T10:00:00Z\",\"event_count\":1}",
                        "{\"user_id\":\"u4\",\"session_start\":\"2023-07-30T10:00:00Z\",\"last_event\":\"2023-07-30T10:00:00Z\",\"event_count\":1,\"timeout_at\":\"soon\"}",
                        "{\"user_id\":\"\",\"timeout_at\":\"2023-07-30T10:00:00Z\"}",
                        "{\"user_id\":\"u6\",\"timeout_at\":\"2023-07-30T10:00:00Z\"}"),
                StandardCharsets.UTF_8);
        StateRuns.ToolRun run =
                tool(
                        "bootstrap",
                        "--job",
                        "user-sessions",
                        "--from",
                        from.toString(),
                        "--out",
                        dir.resolve("savepoint").toString());
        assertEquals(1, run.status());
        List<String> err = run.err().lines().toList();
        assertEquals(6, err.size(), run.err());
        assertTrue(
                err.get(0).endsWith(":1: field 'last_event' is before 'session_start'"),
                err.get(0));
        assertTrue(
                err.get(1).endsWith(":2: field 'event_count' must be at least 1, got 0"),
                err.get(1));
        assertTrue(
                err.get(2)
                        .endsWith(
                                ":3: field 'session_start' is not an ISO-8601 instant: 'yesterday'"),
                err.get(2));
        assertTrue(
                err.get(3).endsWith(":4: field 'timeout_at' is not an ISO-8601 instant: 'soon'"),
                err.get(3));
        assertTrue(err.get(4).endsWith(":5: field 'user_id' must not be empty"), err.get(4));
        // Line 6, a key with only a pending timeout, is a valid row.
        assertTrue(err.get(5).startsWith("5 bad lines in "), err.get(5));
        assertNothingBut(dir, "sessions.jsonl");
    }

    @Test
    void anExistingDirectoryIsNeverOverwritten() throws Exception {
        Path out = Files.createDirectory(dir.resolve("taken"));
        Path from = dir.resolve("state.jsonl");
        Files.write(from, List.of("{\"userId\":\"user1\",\"total\":100.0}"));
        StateRuns.ToolRun run =
                tool(
                        "bootstrap",
                        "--job",
                        "running-total",
                        "--from",
                        from.toString(),
                        "--out",
                        out.toString());
        assertOneSentence(
                run, out + " already exists: bootstrap writes a new savepoint directory.");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void mistakesAreOneSentence() throws Exception {
        String savepoint =
                bootstrap(dir, "running-total", List.of("{\"userId\":\"user1\",\"total\":1.0}"));
        assertOneSentence(
                tool("read", savepoint, "--job", "running-totals"),
                "Unknown job 'running-totals': the jobs are "
                        + JobCatalog.all().stream()
                                .map(StreamingJob::name)
                                .collect(Collectors.joining(", "))
                        + ".");
        assertOneSentence(
                tool("read", savepoint, "--job", "running-total-expiring"),
                "Operator uid 'running-total-expiring' is not in "
                        + savepoint
                        + "; the operators with state there are: running-total (was it written by"
                        + " another job, or with other flags?).");
        assertOneSentence(
                tool("read", savepoint, "--job", "running-total", "--operator", "totals"),
                "Job running-total has no stateful operator with uid 'totals'; its operators with"
                        + " keyed state are: running-total.");
        Path missing = dir.resolve("missing");
        assertOneSentence(
                tool("read", missing.toString(), "--job", "running-total"),
                "No savepoint at " + missing + ": it does not exist.");
        assertOneSentence(
                tool("read", dir.toString(), "--job", "running-total"),
                dir + " is not a savepoint or a retained checkpoint: it has no _metadata file.");
        Path checkpoints = Files.createDirectories(dir.resolve("job/chk-7"));
        Files.copy(Path.of(savepoint, "_metadata"), checkpoints.resolve("_metadata"));
        assertOneSentence(
                tool("read", dir.resolve("job").toString(), "--job", "running-total"),
                dir.resolve("job")
                        + " is a job's checkpoint directory, not one checkpoint: pass one of its"
                        + " retained checkpoints, e.g. "
                        + checkpoints
                        + ".");
        Path garbage = Files.writeString(dir.resolve("_metadata"), "not a checkpoint");
        assertOneSentence(
                tool("read", garbage.toString(), "--job", "running-total"),
                garbage
                        + " is not a savepoint or a retained checkpoint: its content is not Flink"
                        + " checkpoint metadata.");
        assertOneSentence(
                tool("bootstrap", "--job", "clicks-per-minute", "--from", "x", "--out", "y"),
                "bootstrap is not supported for clicks-per-minute (operator"
                        + " count-clicks-per-window): its state is open windows, which Flink"
                        + " rebuilds from their input: replay the input instead.");
        assertOneSentence(
                tool("read", savepoint, "--job", "running-total", "--bogus"),
                "Unknown flag(s) for running-total: --bogus. See --help or docs/flags.md.");
    }

    private static void assertOneSentence(StateRuns.ToolRun run, String sentence) {
        assertEquals(1, run.status(), run.err());
        assertEquals(List.of("error: " + sentence), run.err().lines().toList());
    }

    /** Only these files in {@code dir}: no savepoint, no temporary directory left behind. */
    private static void assertNothingBut(Path dir, String... names) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
