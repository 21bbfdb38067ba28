package dev.statefuljobs.jobs;

import static dev.statefuljobs.jobs.ClicksPerMinuteJobTest.count;
import static dev.statefuljobs.jobs.RunningTotalJobTest.total;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import dev.statefuljobs.jobs.sql.SqlIntervals;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL twins ({@code --impl sql}): the ways they differ by design from their DataStream jobs,
 * bad records, and the flags they refuse. Each job's own test runs its twin on the seed's sample;
 * {@link SqlDifferentialTest} compares twins and DataStream jobs on generated data.
 */
class SqlTwinsTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            FlinkCluster.extension(METRICS.addToConfiguration(new Configuration()));

    private static final StreamingJob CLICKS = JobCatalog.CLICKS_PER_MINUTE;
    private static final StreamingJob TOTALS = JobCatalog.RUNNING_TOTAL;

    static String click(String user, String time) {
        return "{\"user_id\":\"" + user + "\",\"eventtimestamp\":\"2023-07-30T" + time + "Z\"}";
    }

    // --- where SQL differs by design ---

    /** The keyed sum's changelog: a retraction (-U) of the old total before each new one (+U). */
    @Test
    void runningTotalChangelogRetractsEachTotalBeforeTheNextOne() throws Exception {
        JobRun run = JobRun.withArgs(TOTALS, "--web-ui", "off", "--impl", "sql", "--changelog");
        assertEquals(
                List.of(
                        change("+I", "user1", 50.0),
                        change("-U", "user1", 50.0),
                        change("+U", "user1", 80.0),
                        change("-U", "user1", 80.0),
                        change("+U", "user1", 120.0)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(
                        change("+I", "user2", 20.0),
                        change("-U", "user2", 20.0),
                        change("+U", "user2", 80.0)),
                forUser(run.results(), "user2"));
    }

    /**
     * A transaction that leaves a total unchanged changes no row: SQL emits nothing for it, where
     * the DataStream implementations print the same total again.
     */
    @Test
    void anUnchangedTotalIsPrintedAgainByTheDataStreamJobsOnly() throws Exception {
        List<String> lines =
                List.of(
                        RunningTotalJobTest.transaction("user1", 1700000000, 50.0),
                        RunningTotalJobTest.transaction("user1", 1700000010, 0.0),
                        RunningTotalJobTest.transaction("user1", 1700000020, 30.0));
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 50.0), total("user1", 80.0)),
                JobRun.of(TOTALS, lines, "--impl", "keyed-sum").results());
        assertEquals(
                List.of(total("user1", 50.0), total("user1", 80.0)),
                JobRun.of(TOTALS, lines, "--impl", "sql").results());
    }

    /**
     * A click behind the watermark, too late for its window: the DataStream job routes it to the
     * late output; the window TVF drops it, and counts it in numLateRecordsDropped.
     */
    @Test
    void aLateClickIsRoutedByTheDataStreamJobAndCountedByTheSqlTwin() throws Exception {
        List<String> lines =
                List.of(
                        click("user1", "10:00:00"),
                        click("user1", "10:01:30"), // the watermark passes 10:01: [10:00, 10:01) is
                        // emitted
                        click("user1", "10:00:40"), // late for [10:00, 10:01)
                        click("user1", "10:03:00"));
        List<String> counts =
                List.of(
                        count("10:00", "10:01", "user1", 1),
                        count("10:01", "10:02", "user1", 1),
                        count("10:03", "10:04", "user1", 1));

        JobRun stream = JobRun.of(CLICKS, lines);
        assertEquals(counts, sorted(stream.results()));
        assertEquals(1, stream.late().size());

        JobRun sql = JobRun.of(CLICKS, lines, "--impl", "sql");
        assertEquals(counts, sorted(sql.results()));
        assertEquals(List.of(), sql.late());
        assertEquals(1, sql.counter(METRICS, "numLateRecordsDropped"));
    }

    /**
     * SQL's watermark is the newest event time minus the bound; the DataStream job's is 1 ms less
     * ({@code forBoundedOutOfOrderness}). With a bound of 0, a click at the last millisecond of a
     * window closes it in SQL, so a second click of the same millisecond is late there and on time
     * in the DataStream job.
     */
    @Test
    void sqlClosesAWindowOneMillisecondEarlierInEventTime() throws Exception {
        List<String> lines =
                List.of(click("user1", "10:00:59.999"), click("user1", "10:00:59.999"));
        JobRun stream = JobRun.of(CLICKS, lines);
        assertEquals(List.of(count("10:00", "10:01", "user1", 2)), stream.results());

        JobRun sql = JobRun.of(CLICKS, lines, "--impl", "sql");
        assertEquals(List.of(count("10:00", "10:01", "user1", 1)), sql.results());
        assertEquals(1, sql.counter(METRICS, "numLateRecordsDropped"));
    }

    /**
     * The seed's late sensor readings at --allowed-lateness 0: both implementations give the same
     * days; the DataStream job routes the two late readings to its late output, the window Top-N
     * drops and counts them. With a grace period the DataStream job updates the day (the reading 2
     * minutes late is the new maximum); the twin has no grace period and refuses the flag.
     */
    @Test
    void lateReadingsUpdateADayInTheDataStreamJobOnly() throws Exception {
        StreamingJob job = JobCatalog.MAX_TEMPERATURE_PER_DAY;
        String[] late = {"--web-ui", "off", "--source", "sample-late", "--out-of-orderness", "1m"};
        JobRun stream = JobRun.withArgs(job, late);
        JobRun sql = JobRun.withArgs(job, with(late, "--impl", "sql"));
        assertEquals(3, stream.results().size());
        assertEquals(sorted(stream.results()), sorted(sql.results()));
        assertEquals(2, stream.late().size());
        assertEquals(List.of(), sql.late());
        assertEquals(2, sql.counter(METRICS, "numLateRecordsDropped"));

        JobRun graced = JobRun.withArgs(job, with(late, "--allowed-lateness", "5m"));
        assertTrue(
                graced.results()
                        .contains(
                                "{\"sensor_id\":\"s1\",\"day\":\"2025-03-29\",\"max_temperature\":23.0,"
                                        + "\"at\":\"2025-03-29T23:59:00Z\",\"update\":true}"),
                graced.results().toString());
        assertTrue(
                JobRun.refusal(
                                job,
                                "--source",
                                "sample-late",
                                "--impl",
                                "sql",
                                "--allowed-lateness",
                                "5m")
                        .startsWith("--impl sql emits each day once"));
    }

    /**
     * transactionTime in every form the DataStream format reads (epoch seconds, the seed's
     * "yyyy-MM-dd HH:mm:ss", ISO-8601 with Z, a fraction, an offset, no seconds), one transaction
     * per hour: the SQL conversion gives the same hours. Times that the format refuses are dead
     * letters in both, with the same reasons.
     */
    @Test
    void transactionTimesConvertAsTheDataStreamFormatReadsThem() throws Exception {
        List<String> lines =
                List.of(
                        transaction("1743238800"),
                        transaction("\"2025-03-29 10:05:00\""),
                        transaction("\"2025-03-29T11:10:00Z\""),
                        transaction("\"2025-03-29T12:59:59.999999Z\""),
                        transaction("\"2025-03-29T15:30:00+02:00\""),
                        transaction("\"2025-03-29T09:20:00.25-05:30\""),
                        transaction("\"2025-03-29T15:45Z\""),
                        transaction("\"2025-03-29T16:45-00:30\""),
                        transaction("\"yesterday\""),
                        transaction("-5"),
                        transaction("253402300800"),
                        transaction("\"2025-02-30T10:00:00Z\""),
                        transaction("\"2025-03-29 25:00:00\""),
                        transaction("null"));
        StreamingJob job = JobCatalog.TRANSACTIONS_PER_HOUR;
        JobRun stream = JobRun.of(job, lines, "--out-of-orderness", "10h");
        JobRun sql = JobRun.of(job, lines, "--out-of-orderness", "10h", "--impl", "sql");
        assertEquals(8, stream.results().size(), stream.results().toString());
        assertEquals(sorted(stream.results()), sorted(sql.results()));
        assertEquals(6, stream.deadLetters().size(), stream.deadLetters().toString());
        assertEquals(
                sorted(stream.deadLetters()).subList(0, 5),
                sorted(sql.deadLetters()).subList(0, 5));
        assertTrue(
                sql.deadLetters()
                        .contains(
                                "{\"source\":\"transactions-per-hour/file\",\"reason\":\"field"
                                        + " 'transactionTime' is not an ISO-8601 instant: 'yesterday'\","
                                        + "\"raw\":"
                                        + quoted(transaction("\"yesterday\""))
                                        + "}"),
                sql.deadLetters().toString());
    }

    /**
     * flink-json gives a STRING column a number's digits and a string's content alike, so the twin
     * reads a quoted "1743238800" as epoch seconds; the DataStream format reads epoch seconds only
     * from a JSON number, and the quoted form is a dead letter there.
     */
    @Test
    void quotedEpochSecondsAreATimeInSqlOnly() throws Exception {
        List<String> lines = List.of(transaction("\"1743238800\""));
        StreamingJob job = JobCatalog.TRANSACTIONS_PER_HOUR;
        JobRun stream = JobRun.of(job, lines);
        JobRun sql = JobRun.of(job, lines, "--impl", "sql");
        assertEquals(List.of(), stream.results());
        assertEquals(1, stream.deadLetters().size());
        assertEquals(
                List.of(
                        "{\"window_start\":\"2025-03-29T09:00:00Z\",\"window_end\":\"2025-03-29T10:00:00Z\","
                                + "\"count\":1,\"total_amount\":10.0}"),
                sql.results());
        assertEquals(List.of(), sql.deadLetters());
    }

    static String transaction(String time) {
        return "{\"userId\":\"user1\",\"transactionTime\":" + time + ",\"amount\":10.0}";
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /**
     * Sessions merge by event time in SQL. user1 clicks at 10:00:00, then 10:00:50 (more than the
     * 30 s gap later: a new session), then 10:00:25, which arrives last but within
     * --out-of-orderness. The job has ended the first session when the 10:00:50 click came, and
     * adds the late click to the second; SQL's session window still holds both, and the bridging
     * click merges them into one.
     */
    @Test
    void aBridgingClickMergesTwoSessionsInSqlOnly() throws Exception {
        List<String> lines =
                List.of(
                        click("user1", "10:00:00"),
                        click("user1", "10:00:50"),
                        click("user1", "10:00:25"));
        StreamingJob job = JobCatalog.USER_SESSIONS;
        String[] flags = {"--time", "event", "--out-of-orderness", "1m"};
        JobRun stream = JobRun.of(job, lines, flags);
        JobRun sql = JobRun.of(job, lines, with(flags, "--impl", "sql"));
        assertEquals(
                List.of(
                        UserSessionsJobTest.expired("user1", "10:00:00", "10:00:30", 1),
                        UserSessionsJobTest.expired("user1", "10:00:25", "10:01:20", 2)),
                sorted(stream.results().stream().filter(r -> r.contains("expired")).toList()));
        assertEquals(
                List.of(UserSessionsJobTest.expired("user1", "10:00:00", "10:01:20", 3)),
                sql.results());
        assertEquals(List.of(), stream.late());
        assertEquals(0, sql.counter(METRICS, "numLateRecordsDropped"));
    }

    /**
     * In order, a click exactly the gap after the last one continues the session in both: the job
     * ends a session after last click + gap, and SQL's window has not closed when the click comes.
     */
    @Test
    void aClickExactlyTheGapLaterContinuesTheSessionInBoth() throws Exception {
        List<String> lines = List.of(click("user1", "10:00:00"), click("user1", "10:00:30"));
        StreamingJob job = JobCatalog.USER_SESSIONS;
        JobRun stream = JobRun.of(job, lines, "--time", "event");
        JobRun sql = JobRun.of(job, lines, "--time", "event", "--impl", "sql");
        String session = UserSessionsJobTest.expired("user1", "10:00:00", "10:01:00", 2);
        assertTrue(stream.results().contains(session), stream.results().toString());
        assertEquals(List.of(session), sql.results());
    }

    // --- bad records ---

    @Test
    void badRecordsBecomeDeadLettersWithFlinkJsonsReasonAndAreCounted() throws Exception {
        List<String> lines =
                List.of(
                        click("user1", "10:00:00"),
                        "this is not json",
                        "{\"user_id\":\"user1\",\"event\":\"click\"}",
                        "{\"user_id\":null,\"eventtimestamp\":\"2023-07-30T10:00:10Z\"}",
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30 10:00:30\"}",
                        "[" + click("user1", "10:00:50") + "," + click("user1", "10:00:51") + "]",
                        click("user1", "10:00:40"),
                        click("user2", "10:05:00"));
        JobRun run = JobRun.of(CLICKS, lines, "--impl", "sql");

        assertEquals(
                List.of(count("10:00", "10:01", "user1", 2), count("10:05", "10:06", "user2", 1)),
                sorted(run.results()));
        List<String> reasons =
                run.deadLetters().stream()
                        .map(d -> d.replaceAll(".*\"reason\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1"))
                        .sorted()
                        .collect(Collectors.toList());
        assertEquals(5, reasons.size(), run.deadLetters().toString());
        assertTrue(reasons.get(0).startsWith("json format: "), reasons.toString());
        assertTrue(
                reasons.stream().anyMatch(r -> r.startsWith("json format: a JSON array of 2 rows")),
                reasons.toString());
        assertTrue(
                reasons.stream()
                        .anyMatch(
                                r ->
                                        r.equals(
                                                "missing or null field 'eventtimestamp' (NOT NULL in the table)")),
                reasons.toString());
        assertTrue(
                reasons.stream()
                        .anyMatch(
                                r ->
                                        r.equals(
                                                "missing or null field 'user_id' (NOT NULL in the table)")),
                reasons.toString());
        assertTrue(
                run.deadLetters().stream()
                        .anyMatch(d -> d.contains("\"raw\":\"this is not json\"")));
        assertEquals(5, run.counter(METRICS, "deadLetters"));
    }

    // --- flags ---

    @Test
    void flagsWithoutASqlMeaningAreRefused() {
        assertTrue(
                JobRun.refusal(CLICKS, "--impl", "sql", "--emit", "updates")
                        .startsWith("--impl sql emits each window once"));
        assertTrue(
                JobRun.refusal(CLICKS, "--impl", "sql", "--allowed-lateness", "1m")
                        .startsWith("--impl sql emits each window once"));
        assertTrue(
                JobRun.refusal(
                                JobCatalog.VISITS_PER_HOUR,
                                "--impl",
                                "sql",
                                "--allowed-lateness",
                                "1m")
                        .startsWith("--impl sql emits each hour once"));
        for (StreamingJob job :
                List.of(
                        JobCatalog.TRANSACTIONS_PER_HOUR,
                        JobCatalog.ERRORS_PER_15_MINUTES,
                        JobCatalog.MAX_TEMPERATURE_PER_DAY)) {
            assertTrue(
                    JobRun.refusal(job, "--impl", "sql", "--allowed-lateness", "1m")
                            .startsWith("--impl sql emits each "),
                    job.name());
        }
        assertEquals(
                "--impl sql needs --time event: a SESSION window TVF ends sessions on the clicks'"
                        + " event time, not on the wall clock",
                JobRun.refusal(JobCatalog.USER_SESSIONS, "--impl", "sql"));
        assertTrue(
                JobRun.refusal(TOTALS, "--impl", "sql", "--initial-state", "totals.jsonl")
                        .startsWith("--impl sql cannot start from --initial-state"));
        assertTrue(
                JobRun.refusal(TOTALS, "--impl", "sql", "--state-ttl-event-time", "1h")
                        .startsWith("--state-ttl-event-time needs --impl groupstate"));
        assertTrue(
                JobRun.refusal(TOTALS, "--changelog").startsWith("--changelog needs --impl sql"));
    }

    /** The flags' durations, as interval literals, mean the same durations to Flink SQL. */
    @Test
    void durationsBecomeIntervalLiteralsThatFlinkReadsBack() throws Exception {
        StreamTableEnvironment tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        for (Duration d :
                List.of(
                        Duration.ZERO,
                        Duration.ofMillis(1500),
                        Duration.ofMillis(123_456),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(90),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(150),
                        Duration.ofHours(1),
                        Duration.ofDays(1),
                        Duration.ofDays(400))) {
            String literal = SqlIntervals.literal(d);
            // Closed by hand: try-with-resources warns that close() may throw InterruptedException.
            CloseableIterator<Row> rows = tables.executeSql("SELECT " + literal).collect();
            try {
                assertEquals(d, rows.next().getField(0), literal);
            } finally {
                rows.close();
            }
        }
        assertEquals("INTERVAL '1' MINUTE", SqlIntervals.literal(Duration.ofMinutes(1)));
        assertEquals("INTERVAL '150' MINUTE(3)", SqlIntervals.literal(Duration.ofMinutes(150)));
    }

    static String change(String op, String user, double total) {
        return "{\"op\":\"" + op + "\",\"userId\":\"" + user + "\",\"total\":" + total + "}";
    }

    static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().collect(Collectors.toList());
    }

    private static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(
                        r ->
                                r.contains("\"userId\":\"" + user + "\"")
                                        || r.contains("\"user_id\":\"" + user + "\""))
                .collect(Collectors.toList());
    }
}
