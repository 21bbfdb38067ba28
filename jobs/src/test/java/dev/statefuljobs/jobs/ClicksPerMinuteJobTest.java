package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * clicks-per-minute on a MiniCluster at parallelism 2, against the seed's table; its SQL twin too.
 */
class ClicksPerMinuteJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final StreamingJob JOB = JobCatalog.CLICKS_PER_MINUTE;

    static String count(String start, String end, String user, long count) {
        return "{\"window_start\":\"2023-07-30T"
                + start
                + ":00Z\",\"window_end\":\"2023-07-30T"
                + end
                + ":00Z\",\"user_id\":\""
                + user
                + "\",\"count\":"
                + count
                + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void finalModeEmitsTheSeedsFourCountsOnce(String impl) throws Exception {
        JobRun run =
                JobRun.of(JOB, JobRun.lines(getClass(), "samples/clicks.jsonl"), "--impl", impl);
        assertEquals(
                List.of(
                        count("10:00", "10:01", "user1", 2),
                        count("10:01", "10:02", "user1", 1),
                        count("10:01", "10:02", "user2", 1),
                        count("10:02", "10:03", "user2", 1)),
                run.results().stream().sorted().collect(Collectors.toList()));
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void theEmbeddedSampleIsTheDefaultSource(String impl) throws Exception {
        JobRun run = JobRun.withArgs(JOB, "--web-ui", "off", "--impl", impl);
        assertEquals(4, run.results().size());
        assertTrue(run.results().contains(count("10:00", "10:01", "user1", 2)));
    }

    @Test
    void updateModeEmitsEveryChangeOnceInOrderPerUser() throws Exception {
        JobRun run =
                JobRun.of(
                        JOB, JobRun.lines(getClass(), "samples/clicks.jsonl"), "--emit", "updates");
        // Five clicks change five counts; nothing is repeated when the windows close.
        assertEquals(5, run.results().size());
        assertEquals(
                List.of(
                        count("10:00", "10:01", "user1", 1),
                        count("10:00", "10:01", "user1", 2),
                        count("10:01", "10:02", "user1", 1)),
                forUser(run.results(), "user1"));
        assertEquals(
                List.of(count("10:01", "10:02", "user2", 1), count("10:02", "10:03", "user2", 1)),
                forUser(run.results(), "user2"));
    }

    @Test
    void badLinesBecomeDeadLettersAndGoodLinesStillCount() throws Exception {
        List<String> lines =
                List.of(
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}",
                        "this is not json",
                        "{\"user_id\":\"user1\",\"event\":\"click\"}",
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30 10:00:30\"}",
                        "{\"user_id\":\"user1\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:00:40Z\"}",
                        "{\"user_id\":\"user2\",\"event\":\"click\",\"eventtimestamp\":\"2023-07-30T10:05:00Z\"}");
        JobRun run = JobRun.of(JOB, lines);

        assertEquals(
                List.of(count("10:00", "10:01", "user1", 2), count("10:05", "10:06", "user2", 1)),
                run.results().stream().sorted().collect(Collectors.toList()));
        List<String> reasons =
                run.deadLetters().stream()
                        .map(d -> d.replaceAll(".*\"reason\":\"([^\"]*)\".*", "$1"))
                        .sorted()
                        .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "field 'eventtimestamp' is not an ISO-8601 instant: '2023-07-30 10:00:30'",
                        "malformed JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                        "missing field 'eventtimestamp'"),
                reasons);
        assertTrue(
                run.deadLetters().stream()
                        .anyMatch(d -> d.contains("\"raw\":\"this is not json\"")));
        // Every input line is accounted for: 3 clicks counted + 3 dead letters = 6 lines.
        assertEquals(lines.size(), 3 + run.deadLetters().size());
    }

    @Test
    void aLateClickWithinTheGraceUpdatesItsCountAndOneBeyondItIsRouted() throws Exception {
        List<String> lines =
                List.of(
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30T10:00:00Z\"}",
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30T10:01:30Z\"}", // [10:00,10:01) closes
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30T10:00:40Z\"}", // late, within 1m
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30T10:03:00Z\"}", // grace of [10:00,10:01) over
                        "{\"user_id\":\"user1\",\"eventtimestamp\":\"2023-07-30T10:00:50Z\"}"); // beyond the grace
        JobRun run = JobRun.of(JOB, lines, "--allowed-lateness", "1m");
        assertEquals(
                List.of(
                        count("10:00", "10:01", "user1", 1),
                        count("10:00", "10:01", "user1", 2).replace("}", ",\"update\":true}"),
                        count("10:01", "10:02", "user1", 1),
                        count("10:03", "10:04", "user1", 1)),
                run.results());
        assertEquals(1, run.late().size());
        assertTrue(run.late().get(0).contains("\"late_by_ms\":129999"), run.late().get(0));
    }

    @Test
    void aTypoInAFlagFailsBeforeTheJobRuns() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> JobRun.withArgs(JOB, "--web-ui", "off", "--windw", "5m"));
        assertEquals(
                "Unknown flag(s) for clicks-per-minute: --windw. See --help or docs/flags.md.",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> JobRun.withArgs(JOB, "--web-ui", "off", "--emit", "complete"));
    }

    private static List<String> forUser(List<String> results, String user) {
        return results.stream()
                .filter(r -> r.contains("\"user_id\":\"" + user + "\""))
                .collect(Collectors.toList());
    }
}
