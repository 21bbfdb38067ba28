package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The everyday window jobs on their embedded samples, on a MiniCluster at parallelism 2: exact
 * output.
 */
class WindowJobsTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void transactionsPerHourCountsAndSumsAllUsers(String impl) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JobCatalog.TRANSACTIONS_PER_HOUR, "--web-ui", "off", "--impl", impl);
        assertEquals(
                List.of(
                        "{\"window_start\":\"2025-03-29T10:00:00Z\",\"window_end\":\"2025-03-29T11:00:00Z\",\"count\":3,\"total_amount\":100.0}",
                        "{\"window_start\":\"2025-03-29T11:00:00Z\",\"window_end\":\"2025-03-29T12:00:00Z\",\"count\":2,\"total_amount\":160.5}",
                        "{\"window_start\":\"2025-03-29T12:00:00Z\",\"window_end\":\"2025-03-29T13:00:00Z\",\"count\":1,\"total_amount\":40.0}"),
                sorted(run.results()));
        assertEquals(List.of(), run.deadLetters());
        assertEquals(List.of(), run.late());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void maxTemperaturePerDayKeepsTheHighestReadingAndItsTime(String impl) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JobCatalog.MAX_TEMPERATURE_PER_DAY, "--web-ui", "off", "--impl", impl);
        assertEquals(
                List.of(
                        "{\"sensor_id\":\"s1\",\"day\":\"2025-03-29\",\"max_temperature\":21.5,\"at\":\"2025-03-29T14:00:00Z\"}",
                        "{\"sensor_id\":\"s1\",\"day\":\"2025-03-30\",\"max_temperature\":22.0,\"at\":\"2025-03-30T13:00:00Z\"}",
                        "{\"sensor_id\":\"s2\",\"day\":\"2025-03-29\",\"max_temperature\":19.0,\"at\":\"2025-03-29T15:00:00Z\"}",
                        "{\"sensor_id\":\"s2\",\"day\":\"2025-03-30\",\"max_temperature\":18.5,\"at\":\"2025-03-30T14:30:00Z\"}"),
                sorted(run.results()));
    }

    /**
     * The seed's late sensor reading: 2 minutes late, inside a 5-minute grace; and one beyond the
     * grace.
     */
    @Test
    void aReadingTwoMinutesLateUpdatesItsDayAndOneBeyondTheGraceGoesToTheLateOutput()
            throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JobCatalog.MAX_TEMPERATURE_PER_DAY,
                        "--web-ui",
                        "off",
                        "--source",
                        "sample-late",
                        "--out-of-orderness",
                        "1m",
                        "--allowed-lateness",
                        "5m");
        assertEquals(
                List.of(
                        "{\"sensor_id\":\"s1\",\"day\":\"2025-03-29\",\"max_temperature\":21.5,\"at\":\"2025-03-29T23:58:00Z\"}",
                        "{\"sensor_id\":\"s1\",\"day\":\"2025-03-29\",\"max_temperature\":23.0,\"at\":\"2025-03-29T23:59:00Z\",\"update\":true}",
                        "{\"sensor_id\":\"s1\",\"day\":\"2025-03-30\",\"max_temperature\":19.0,\"at\":\"2025-03-30T00:10:00Z\"}",
                        "{\"sensor_id\":\"s2\",\"day\":\"2025-03-29\",\"max_temperature\":16.0,\"at\":\"2025-03-29T22:00:00Z\"}"),
                sorted(run.results()));
        assertEquals(
                List.of(
                        "{\"job\":\"max-temperature-per-day\",\"window_start\":\"2025-03-29T00:00:00Z\","
                                + "\"window_end\":\"2025-03-30T00:00:00Z\",\"event_time\":\"2025-03-29T23:57:00Z\","
                                + "\"watermark\":\"2025-03-30T00:08:59.999Z\",\"late_by_ms\":719999,\"record\":"
                                + "{\"sensor_id\":\"s1\",\"temperature\":25.0,\"timestamp\":\"2025-03-29T23:57:00Z\"}}"),
                run.late());
    }

    @Test
    void withoutAGracePeriodBothLateReadingsGoToTheLateOutput() throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JobCatalog.MAX_TEMPERATURE_PER_DAY,
                        "--web-ui",
                        "off",
                        "--source",
                        "sample-late",
                        "--out-of-orderness",
                        "1m");
        assertEquals(2, run.late().size());
        assertEquals(3, run.results().size());
        assertEquals(List.of(), run.results().stream().filter(r -> r.contains("update")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void errorsPer15MinutesCountsOnlyErrorLinesPerService(String impl) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        JobCatalog.ERRORS_PER_15_MINUTES, "--web-ui", "off", "--impl", impl);
        assertEquals(
                List.of(
                        "{\"window_start\":\"2025-03-29T10:00:00Z\",\"window_end\":\"2025-03-29T10:15:00Z\",\"service\":\"checkout\",\"errors\":2}",
                        "{\"window_start\":\"2025-03-29T10:00:00Z\",\"window_end\":\"2025-03-29T10:15:00Z\",\"service\":\"payments\",\"errors\":1}",
                        "{\"window_start\":\"2025-03-29T10:15:00Z\",\"window_end\":\"2025-03-29T10:30:00Z\",\"service\":\"checkout\",\"errors\":1}",
                        "{\"window_start\":\"2025-03-29T10:15:00Z\",\"window_end\":\"2025-03-29T10:30:00Z\",\"service\":\"payments\",\"errors\":1}",
                        "{\"window_start\":\"2025-03-29T10:30:00Z\",\"window_end\":\"2025-03-29T10:45:00Z\",\"service\":\"checkout\",\"errors\":1}",
                        "{\"window_start\":\"2025-03-29T10:30:00Z\",\"window_end\":\"2025-03-29T10:45:00Z\",\"service\":\"payments\",\"errors\":1}"),
                sorted(run.results()));
        assertEquals(List.of(), run.deadLetters());
    }

    @Test
    void errorsPer15MinutesGivesTheSameLateLinesAtAnyParallelism() throws Exception {
        // Generated logs with late lines: which lines are late depends on their order against the
        // watermark, so a
        // replay at parallelism 2 must see them in the source's order, exactly as one at
        // parallelism 1 does.
        String[] generated = {
            "--web-ui",
            "off",
            "--source",
            "generator",
            "--events",
            "20000",
            "--keys",
            "50",
            "--seed",
            "7",
            "--late-fraction",
            "0.02",
            "--out-of-orderness",
            "5s",
            "--watermarks",
            "per-event"
        };
        JobRun one =
                JobRun.withArgs(
                        JobCatalog.ERRORS_PER_15_MINUTES, with(generated, "--parallelism", "1"));
        JobRun two =
                JobRun.withArgs(
                        JobCatalog.ERRORS_PER_15_MINUTES, with(generated, "--parallelism", "2"));
        assertFalse(one.late().isEmpty(), "the generated logs have late error lines");
        assertEquals(sorted(one.results()), sorted(two.results()));
        assertEquals(sorted(one.late()), sorted(two.late()));
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"datastream", "sql"})
    void visitsPerHourCountsVisitsAndExactUniqueVisitors(String impl) throws Exception {
        JobRun run = JobRun.withArgs(JobCatalog.VISITS_PER_HOUR, "--web-ui", "off", "--impl", impl);
        assertEquals(
                List.of(
                        "{\"window_start\":\"2025-03-29T10:00:00Z\",\"window_end\":\"2025-03-29T11:00:00Z\",\"page\":\"/home\",\"visits\":4,\"unique_visitors\":3}",
                        "{\"window_start\":\"2025-03-29T10:00:00Z\",\"window_end\":\"2025-03-29T11:00:00Z\",\"page\":\"/pricing\",\"visits\":1,\"unique_visitors\":1}",
                        "{\"window_start\":\"2025-03-29T11:00:00Z\",\"window_end\":\"2025-03-29T12:00:00Z\",\"page\":\"/home\",\"visits\":1,\"unique_visitors\":1}",
                        "{\"window_start\":\"2025-03-29T11:00:00Z\",\"window_end\":\"2025-03-29T12:00:00Z\",\"page\":\"/pricing\",\"visits\":2,\"unique_visitors\":1}"),
                sorted(run.results()));
    }

    @Test
    void everyJobIsInTheCatalog() {
        assertTrue(
                JobCatalog.all().stream()
                        .map(j -> j.name())
                        .toList()
                        .containsAll(
                                List.of(
                                        "transactions-per-hour",
                                        "max-temperature-per-day",
                                        "errors-per-15-minutes",
                                        "visits-per-hour",
                                        "spam-bursts")));
    }
}
