package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.events.Click;
import dev.statefuljobs.common.groupstate.GroupStateFunction;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * user-sessions: the update function on Flink's operator harness (processing time driven by the
 * harness clock, event time by watermarks), and the whole job on a MiniCluster against the seed's
 * clicks.
 */
// Flink's test harnesses declare close() throws Exception, so javac's try lint warns that it could
// throw
// InterruptedException; closing them with try-with-resources is still right.
@SuppressWarnings("try")
class UserSessionsJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.USER_SESSIONS;
    private static final Duration GAP = Duration.ofSeconds(30);

    static long t(String hms) {
        return Instant.parse("2023-07-30T" + hms + "Z").toEpochMilli();
    }

    static String active(String user, String start, long count) {
        return "{\"user_id\":\""
                + user
                + "\",\"session_start\":\"2023-07-30T"
                + start
                + "Z\",\"event_count\":"
                + count
                + ",\"status\":\"active\"}";
    }

    static String expired(String user, String start, String end, long count) {
        return "{\"user_id\":\""
                + user
                + "\",\"session_start\":\"2023-07-30T"
                + start
                + "Z\",\"session_end\":\"2023-07-30T"
                + end
                + "Z\",\"event_count\":"
                + count
                + ",\"status\":\"expired\"}";
    }

    static GroupStateFunction<String, Click, Session, SessionUpdate> function(boolean eventTime) {
        return new GroupStateFunction<>(
                new UserSessionsJob.UpdateSession(GAP, eventTime),
                Types.POJO(Session.class),
                TypeInformation.of(Click.class),
                UserSessionsJob.timeoutMode(eventTime));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Click, SessionUpdate> harness(
            boolean eventTime) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                function(eventTime), c -> c.userId, Types.STRING);
    }

    static Click click(String user, String hms) {
        return new Click(user, "click", t(hms));
    }

    static List<String> drain(
            KeyedOneInputStreamOperatorTestHarness<String, Click, SessionUpdate> h) {
        List<String> out =
                h.extractOutputValues().stream()
                        .map(SessionUpdate::toJson)
                        .collect(Collectors.toList());
        h.getOutput().clear();
        return out;
    }

    // --- the function on the harness ---

    @Test
    void processingTimeSessionExpiresWhenTheClockPassesTheGap() throws Exception {
        try (var h = harness(false)) {
            h.setProcessingTime(1_000);
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.setProcessingTime(21_000);
            h.processElement(click("user1", "10:00:20"), t("10:00:20"));
            assertEquals(
                    List.of(active("user1", "10:00:00", 1), active("user1", "10:00:00", 2)),
                    drain(h));

            h.setProcessingTime(51_000); // exactly the deadline: Spark times out strictly after it
            assertEquals(List.of(), drain(h));
            h.setProcessingTime(51_001);
            // Processing time: the session ends at its last click's event time.
            assertEquals(List.of(expired("user1", "10:00:00", "10:00:20", 2)), drain(h));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numProcessingTimeTimers());

            h.processElement(click("user1", "10:05:00"), t("10:05:00"));
            assertEquals(List.of(active("user1", "10:05:00", 1)), drain(h));
        }
    }

    @Test
    void processingTimeClicksWithinTheGapKeepTheSessionOpen() throws Exception {
        try (var h = harness(false)) {
            h.setProcessingTime(0);
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.setProcessingTime(29_000);
            h.processElement(
                    click("user1", "10:01:00"), t("10:01:00")); // event-time gap is irrelevant here
            h.setProcessingTime(58_000);
            assertEquals(
                    List.of(active("user1", "10:00:00", 1), active("user1", "10:00:00", 2)),
                    drain(h));
            h.setProcessingTime(59_001);
            assertEquals(List.of(expired("user1", "10:00:00", "10:01:00", 2)), drain(h));
        }
    }

    @Test
    void eventTimeSessionExpiresWhenTheWatermarkPassesLastClickPlusGap() throws Exception {
        try (var h = harness(true)) {
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.processElement(click("user1", "10:00:20"), t("10:00:20"));
            h.processWatermark(t("10:00:50"));
            assertEquals(
                    List.of(active("user1", "10:00:00", 1), active("user1", "10:00:00", 2)),
                    drain(h));
            h.processWatermark(t("10:00:50") + 1);
            assertEquals(List.of(expired("user1", "10:00:00", "10:00:50", 2)), drain(h));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void eventTimeClickAfterTheGapStartsANewSessionBeforeTheWatermarkFiresTheOld()
            throws Exception {
        try (var h = harness(true)) {
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.processElement(click("user1", "10:00:20"), t("10:00:20"));
            h.processWatermark(t("10:00:20"));
            // 60 s after the last click: the old session ended at 10:00:50 though no watermark said
            // so yet.
            h.processElement(click("user1", "10:01:20"), t("10:01:20"));
            assertEquals(
                    List.of(
                            active("user1", "10:00:00", 1),
                            active("user1", "10:00:00", 2),
                            expired("user1", "10:00:00", "10:00:50", 2),
                            active("user1", "10:01:20", 1)),
                    drain(h));
            assertEquals(1, h.numEventTimeTimers()); // only the new session's deadline
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of(expired("user1", "10:01:20", "10:01:50", 1)), drain(h));
        }
    }

    @Test
    void eventTimeClickExactlyAtTheSessionEndJoinsIt() throws Exception {
        try (var h = harness(true)) {
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.processElement(click("user1", "10:00:30"), t("10:00:30"));
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(
                    List.of(
                            active("user1", "10:00:00", 1),
                            active("user1", "10:00:00", 2),
                            expired("user1", "10:00:00", "10:01:00", 2)),
                    drain(h));
        }
    }

    @Test
    void eventTimeLateClickGoesToTheLateSideOutput() throws Exception {
        GroupStateFunction<String, Click, Session, SessionUpdate> fn = function(true);
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, c -> c.userId, Types.STRING)) {
            h.processElement(click("user1", "10:00:00"), t("10:00:00"));
            h.processWatermark(t("10:01:00"));
            Click late = click("user1", "10:00:10");
            h.processElement(late, late.timestamp);
            assertEquals(
                    List.of(
                            active("user1", "10:00:00", 1),
                            expired("user1", "10:00:00", "10:00:30", 1)),
                    drain(h));
            assertEquals(
                    List.of(late),
                    h.getSideOutput(fn.getLateRecordsTag()).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList()));
        }
    }

    // --- the job on a MiniCluster ---

    @Test
    void eventTimeOnTheSeedClicksMatchesSparksSessionWindows() throws Exception {
        JobRun run =
                JobRun.of(JOB, JobRun.lines(getClass(), "samples/clicks.jsonl"), "--time", "event");
        assertEquals(
                List.of(
                        active("user1", "10:00:00", 1),
                        active("user1", "10:00:00", 2),
                        expired("user1", "10:00:00", "10:00:50", 2),
                        active("user1", "10:01:20", 1),
                        expired("user1", "10:01:20", "10:01:50", 1)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(
                        active("user2", "10:01:00", 1),
                        expired("user2", "10:01:00", "10:01:30", 1),
                        active("user2", "10:02:00", 1),
                        expired("user2", "10:02:00", "10:02:30", 1)),
                forUser(run.results(), "user2"));
        assertEquals(9, run.results().size());
        assertEquals(List.of(), run.late());
        assertEquals(List.of(), run.deadLetters());
    }

    /**
     * The SQL twin ({@code --impl sql}, a SESSION window TVF) on the seed's clicks: the job's four
     * ended sessions, and no "active" rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void eventTimeSqlTwinOnTheSeedClicksGivesTheEndedSessions(String parallelism) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JOB,
                        "--web-ui",
                        "off",
                        "--time",
                        "event",
                        "--impl",
                        "sql",
                        "--parallelism",
                        parallelism);
        assertEquals(
                List.of(
                        expired("user1", "10:00:00", "10:00:50", 2),
                        expired("user1", "10:01:20", "10:01:50", 1),
                        expired("user2", "10:01:00", "10:01:30", 1),
                        expired("user2", "10:02:00", "10:02:30", 1)),
                run.results().stream().sorted().toList());
        assertEquals(List.of(), run.deadLetters());
    }

    /**
     * --initial-state: user1's initial session (last click 09:59:55) is continued by the click at
     * 10:00:00, within the gap; user2's (last click 09:00:00) is ended by its first click, more
     * than the gap later, before a new one opens; user3's is never called.
     */
    @Test
    void eventTimeSessionsStartFromTheInitialSessions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("initial-sessions.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T09:59:50Z\","
                                + "\"last_event\":\"2023-07-30T09:59:55Z\",\"event_count\":3}",
                        "{\"user_id\":\"user2\",\"session_start\":\"2023-07-30T09:00:00Z\","
                                + "\"last_event\":\"2023-07-30T09:00:00Z\",\"event_count\":1}",
                        "{\"user_id\":\"user3\",\"session_start\":\"2023-07-30T10:00:00Z\","
                                + "\"last_event\":\"2023-07-30T10:00:00Z\",\"event_count\":1}"));
        JobRun run =
                JobRun.of(
                        JOB,
                        JobRun.lines(getClass(), "samples/clicks.jsonl"),
                        "--time",
                        "event",
                        "--initial-state",
                        file.toString());
        assertEquals(
                List.of(
                        active("user1", "09:59:50", 4),
                        active("user1", "09:59:50", 5),
                        expired("user1", "09:59:50", "10:00:50", 5),
                        active("user1", "10:01:20", 1),
                        expired("user1", "10:01:20", "10:01:50", 1)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(
                        expired("user2", "09:00:00", "09:00:30", 1),
                        active("user2", "10:01:00", 1),
                        expired("user2", "10:01:00", "10:01:30", 1),
                        active("user2", "10:02:00", 1),
                        expired("user2", "10:02:00", "10:02:30", 1)),
                forUser(run.results(), "user2"));
        assertEquals(List.of(), forUser(run.results(), "user3"));
    }

    @Test
    void aBadInitialSessionFailsBeforeTheJobRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("initial-sessions.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"user_id\":\"user1\",\"session_start\":\"2023-07-30T10:00:00Z\","
                                + "\"last_event\":\"2023-07-30T09:00:00Z\",\"event_count\":1}"));
        assertEquals(
                "initial state " + file + ", line 1: last_event is before session_start",
                JobRun.refusal(JOB, "--initial-state", file.toString()));
    }

    /**
     * Processing time on a bounded input: the file is read in milliseconds, so no 30 s
     * processing-time timeout can pass, and Flink does not fire pending processing-time timers at
     * the end of input. The job emits the active updates only: the seed's "Batch 2" table (user1
     * count 3, user2 count 2) as its last rows. Expiry in processing time is tested on the harness
     * clock above. Processing-time results depend on arrival order, so this reads the sample as one
     * file split (the embedded {@code fromData} sample is spread over the subtasks at parallelism
     * 2).
     */
    @Test
    void processingTimeOnTheSeedClicksEmitsTheSeedsActiveUpdates() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        JobRun.lines(
                                getClass(), "samples/clicks.jsonl")); // default --time processing
        assertEquals(
                List.of(
                        active("user1", "10:00:00", 1),
                        active("user1", "10:00:00", 2),
                        active("user1", "10:00:00", 3)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(active("user2", "10:01:00", 1), active("user2", "10:01:00", 2)),
                forUser(run.results(), "user2"));
        assertEquals(5, run.results().size());
    }

    @Test
    void theEmbeddedSampleIsTheDefaultSource() throws Exception {
        // Parallelism 1: env.fromData spreads the embedded sample over the source subtasks, which
        // reorders
        // clicks across subtasks (not late: each subtask's watermark holds the other back).
        JobRun run =
                JobRun.withArgs(JOB, "--web-ui", "off", "--time", "event", "--parallelism", "1");
        assertEquals(9, run.results().size(), run.results().toString());
        assertTrue(
                run.results().contains(expired("user1", "10:00:00", "10:00:50", 2)),
                run.results().toString());
    }

    @Test
    void lateClicksInEventTimeGoToTheLateOutput() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        List.of(
                                "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}",
                                "{\"user_id\":\"user2\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:01:00Z\"}",
                                "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:10Z\"}"),
                        "--time",
                        "event",
                        "--parallelism",
                        "1");
        assertEquals(
                List.of(
                        "{\"job\":\"user-sessions\",\"event_time\":\"2023-07-30T10:00:10Z\","
                                + "\"watermark\":\"2023-07-30T10:00:59.999Z\",\"late_by_ms\":49999,\"record\":{\"user_id\":\"user1\","
                                + "\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:10Z\"}}"),
                run.late());
        assertEquals(
                List.of(
                        active("user1", "10:00:00", 1),
                        expired("user1", "10:00:00", "10:00:30", 1)),
                forUser(run.results(), "user1"));
    }

    @Test
    void badClicksBecomeDeadLetters() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB,
                        List.of(
                                "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}",
                                "not json",
                                "{\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:05Z\"}",
                                "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:10Z\"}"),
                        "--time",
                        "event");
        assertEquals(
                List.of(
                        active("user1", "10:00:00", 1),
                        active("user1", "10:00:00", 2),
                        expired("user1", "10:00:00", "10:00:40", 2)),
                run.results());
        assertEquals(2, run.deadLetters().size());
        assertTrue(run.deadLetters().stream().anyMatch(d -> d.contains("missing field 'user_id'")));
        assertTrue(run.deadLetters().stream().anyMatch(d -> d.contains("\"raw\":\"not json\"")));
    }

    @Test
    void badFlagsFailBeforeTheJobRuns() {
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--time", "wall"));
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--gap", "0s"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JobRun.withArgs(JOB, "--web-ui", "off", "--timeout", "1h"));
        assertTrue(e.getMessage().startsWith("Unknown flag(s) for user-sessions: --timeout"));
    }

    static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(r -> r.contains("\"" + user + "\""))
                .collect(Collectors.toList());
    }
}
