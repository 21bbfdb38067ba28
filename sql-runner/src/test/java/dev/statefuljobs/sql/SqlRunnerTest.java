package dev.statefuljobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL runner on files of statements, in its own local MiniCluster (no web UI): queries print
 * tables, INSERTs run as jobs it waits for, SET applies, and Flink's refusals are a line or two.
 */
class SqlRunnerTest {

    @TempDir Path dir;

    /** The outcome of one run: exit code, stdout and stderr. */
    record Outcome(int code, String out, String err) {
        /** The lines of stderr from the first "error:" on. */
        List<String> errorLines() {
            List<String> lines = err.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("error:")) {
                    return lines.subList(i, lines.size());
                }
            }
            return List.of();
        }
    }

    Outcome run(String sql, String... more) throws IOException {
        Path file = dir.resolve("statements.sql");
        Files.writeString(file, sql, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[4 + more.length];
        args[0] = "-f";
        args[1] = file.toString();
        args[2] = "--web-ui";
        args[3] = "off";
        System.arraycopy(more, 0, args, 4, more.length);
        int code =
                SqlRunner.run(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        args);
        return new Outcome(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aQueryPrintsItsRowsAsATableWithTheirKind() throws IOException {
        Outcome o = run("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name);");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.get(0).startsWith("+----+"), o.out());
        assertTrue(lines.get(1).matches("\\| op \\|\\s+id \\|\\s+name \\|"), o.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("\\| \\+I \\|\\s+1 \\|\\s+a \\|")), o.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("\\| \\+I \\|\\s+2 \\|\\s+b \\|")), o.out());
        assertTrue(o.out().contains("2 rows in set"), o.out());
    }

    /** The seed's clicks from a JSON file, counted per user and minute: the seed's four rows. */
    @Test
    void theSeedsClicksPerMinuteFromAJsonTable() throws IOException {
        Path clicks = dir.resolve("clicks.jsonl");
        Files.write(
                clicks,
                List.of(
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}",
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:20Z\"}",
                        "{\"user_id\":\"user2\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:01:00Z\"}",
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:01:20Z\"}",
                        "{\"user_id\":\"user2\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:02:00Z\"}"));
        Outcome o =
                run(
                        String.join(
                                "\n",
                                "CREATE TABLE clicks (",
                                "  user_id STRING, event STRING, eventtimestamp TIMESTAMP_LTZ(3),",
                                "  WATERMARK FOR eventtimestamp AS eventtimestamp - INTERVAL '0' SECOND",
                                ") WITH ('connector' = 'filesystem', 'path' = '" + clicks + "',",
                                "  'format' = 'json', 'json.timestamp-format.standard' = 'ISO-8601');",
                                "SELECT window_start, user_id, COUNT(*) AS `count`",
                                "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(eventtimestamp), INTERVAL '1' MINUTE))",
                                "GROUP BY window_start, window_end, user_id;"));
        assertEquals(0, o.code(), o.err());
        List<String> rows =
                o.out()
                        .lines()
                        .filter(l -> l.startsWith("| +I |"))
                        .map(l -> l.replaceAll("\\s+", " "))
                        .sorted()
                        .toList();
        assertEquals(
                List.of(
                        "| +I | 2023-07-30 10:00:00.000 | user1 | 2 |",
                        "| +I | 2023-07-30 10:01:00.000 | user1 | 1 |",
                        "| +I | 2023-07-30 10:01:00.000 | user2 | 1 |",
                        "| +I | 2023-07-30 10:02:00.000 | user2 | 1 |"),
                rows,
                o.out());
        assertTrue(o.err().contains("statements.sql:1: CREATE TABLE clicks"), o.err());
    }

    @Test
    void anInsertRunsAsAJobThatTheRunnerWaitsFor() throws IOException {
        Outcome o =
                run(
                        "CREATE TABLE nowhere (n INT) WITH ('connector' = 'blackhole');\n"
                                + "INSERT INTO nowhere VALUES (1), (2);\n");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("statements.sql:2: INSERT INTO nowhere VALUES"), o.err());
        assertTrue(o.err().matches("(?s).*Job [0-9a-f]{32} finished in \\d+ ms.*"), o.err());
    }

    @Test
    void setChangesAnOptionForTheStatementsAfterIt() throws IOException {
        Outcome o =
                run(
                        "SET 'table.local-time-zone' = 'Asia/Kolkata';\n"
                                + "SELECT CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) AS t;\n");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("1970-01-01 05:30:00.000"), o.out());
    }

    @Test
    void aSyntaxErrorIsFlinksMessageWithTheLineOfTheFile() throws IOException {
        Outcome o =
                run(
                        "-- a comment\n"
                                + "CREATE TABLE t (n INT) WITH ('connector' = 'datagen');\n"
                                + "\n"
                                + "SELECT n\n"
                                + "FORM t;\n");
        assertEquals(1, o.code());
        assertEquals(
                List.of(
                        "error: "
                                + dir.resolve("statements.sql")
                                + ":4: SQL parse failed. Encountered \"t\" at line 5, column 6."),
                o.errorLines(),
                o.err());
    }

    @Test
    void anUnknownTableIsFlinksMessageInOneLine() throws IOException {
        Outcome o = run("SELECT * FROM clickz;");
        assertEquals(1, o.code());
        List<String> error = o.errorLines();
        assertEquals(1, error.size(), o.err());
        assertTrue(error.get(0).endsWith("Object 'clickz' not found"), o.err());
        assertTrue(error.get(0).contains("line 1, column 15"), o.err());
    }

    @Test
    void anUnknownConnectorNamesTheCauseOnASecondLine() throws IOException {
        Outcome o =
                run(
                        "CREATE TABLE t (n INT) WITH ('connector' = 'kafkaa');\n"
                                + "SELECT * FROM t;\n");
        assertEquals(1, o.code());
        List<String> error = o.errorLines();
        assertTrue(error.size() <= 2, o.err());
        assertTrue(
                String.join("\n", error)
                        .contains("Could not find any factory for identifier 'kafkaa'"),
                o.err());
    }

    @Test
    void badUsageIsExitCodeTwo() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, SqlRunner.run(System.out, errStream, "--cluster"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-f FILE.sql is required"));
        assertEquals(
                2, SqlRunner.run(System.out, errStream, "-f", dir.resolve("none.sql").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
    }
}
