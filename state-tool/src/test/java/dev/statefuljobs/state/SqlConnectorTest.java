package dev.statefuljobs.state;

import static dev.statefuljobs.state.StateRuns.bootstrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.testing.FlinkCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's {@code savepoint} table connector (FLIP-496) reads the GroupState layout: a key column
 * and one column per keyed state, named as the state. The first query is docs/state.md's.
 */
class SqlConnectorTest {

    private static final Path DOC =
            Path.of("").toAbsolutePath().getParent().resolve("docs/state.md");

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @TempDir Path dir;

    /** docs/state.md's example, on a savepoint of twelve totals. */
    @Test
    void theTenLargestTotalsAsTheDocsQueryThem() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            rows.add("{\"userId\":\"user" + i + "\",\"total\":" + (i * 10.0) + "}");
        }
        String savepoint = bootstrap(dir, "running-total", rows);
        String docs = Files.readString(DOC, StandardCharsets.UTF_8);
        String example = docs.substring(docs.indexOf("```sql\n") + 7);
        example = example.substring(0, example.indexOf("```"));
        StateRuns.ToolRun run =
                StateRuns.tool(
                        "sql",
                        "-e",
                        example.replaceFirst(
                                "'state.path' = '[^']*'", "'state.path' = '" + savepoint + "'"));
        assertEquals(0, run.status(), run.err());
        List<String> expected = new ArrayList<>(List.of("userId\ttotal\ttimeout_at"));
        for (int i = 12; i >= 3; i--) {
            expected.add("user" + i + "\t" + (i * 10.0) + "\tnull");
        }
        assertEquals(expected, run.out());
    }

    @Test
    void sessionsWithTheirTimeouts() throws Exception {
        String savepoint =
                bootstrap(
                        dir,
                        "user-sessions",
                        List.of(
                                "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T10:00:00Z\","
                                        + "\"last_event\":\"2023-07-30T10:00:20Z\",\"event_count\":2,"
                                        + "\"timeout_at\":\"2023-07-30T10:00:50Z\"}"),
                        "--time",
                        "event");
        StateRuns.ToolRun run =
                StateRuns.tool(
                        "sql",
                        "-e",
                        String.join(
                                "\n",
                                "CREATE TABLE sessions (",
                                "  user_id STRING,",
                                "  groupState ROW<`start` BIGINT, lastEvent BIGINT, eventCount BIGINT>,",
                                "  groupStateTimeout BIGINT,",
                                "  PRIMARY KEY (user_id) NOT ENFORCED",
                                ") WITH (",
                                "  'connector' = 'savepoint',",
                                "  'state.path' = '" + savepoint + "',",
                                "  'operator.uid' = 'user-sessions',",
                                "  'fields.groupState.value-class' = 'dev.statefuljobs.jobs.Session'",
                                ");",
                                "SELECT user_id, groupState.eventCount AS event_count,",
                                "  TO_TIMESTAMP_LTZ(groupStateTimeout, 3) AS timeout_at",
                                "FROM sessions;"));
        assertEquals(0, run.status(), run.err());
        assertEquals(2, run.out().size(), run.out().toString());
        assertTrue(run.out().get(1).startsWith("user1\t2\t2023-07-30"), run.out().toString());
    }
}
