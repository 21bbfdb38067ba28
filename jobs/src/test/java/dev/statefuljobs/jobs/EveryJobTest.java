package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job in the catalog runs through the same entry point and shared flags, on every built-in
 * source; so does every SQL twin ({@code --impl sql}).
 */
class EveryJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    /** The jobs whose --impl has an SQL twin. */
    static List<StreamingJob> twins() {
        return JobCatalog.all().stream()
                .filter(
                        job ->
                                job.flags().stream()
                                        .anyMatch(
                                                f ->
                                                        f.name().equals("impl")
                                                                && f.valueHint().contains("sql")))
                .toList();
    }

    /** Every job with its default implementation, then every SQL twin. */
    static Stream<Arguments> jobs() {
        return Stream.concat(
                JobCatalog.all().stream().map(job -> Arguments.of(job, "")),
                twins().stream()
                        .map(
                                job ->
                                        Arguments.of(
                                                job,
                                                job == JobCatalog.USER_SESSIONS
                                                        ? "--impl sql --time event"
                                                        : "--impl sql")));
    }

    @Test
    void sevenJobsHaveASqlTwin() {
        assertEquals(
                List.of(
                        JobCatalog.CLICKS_PER_MINUTE,
                        JobCatalog.USER_SESSIONS,
                        JobCatalog.RUNNING_TOTAL,
                        JobCatalog.TRANSACTIONS_PER_HOUR,
                        JobCatalog.MAX_TEMPERATURE_PER_DAY,
                        JobCatalog.ERRORS_PER_15_MINUTES,
                        JobCatalog.VISITS_PER_HOUR),
                twins());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jobs")
    void runsOnItsEmbeddedSample(StreamingJob job, String impl) throws Exception {
        JobRun run = run(job, impl, "--web-ui", "off", "--state-backend", "rocksdb");
        assertFalse(run.results().isEmpty(), job.name() + " printed nothing on its sample");
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jobs")
    void runsOnTheGeneratorOfItsFormat(StreamingJob job, String impl) throws Exception {
        JobRun run =
                run(
                        job,
                        impl,
                        "--web-ui",
                        "off",
                        "--source",
                        "generator",
                        "--events",
                        "600",
                        "--keys",
                        "10",
                        "--seed",
                        "7",
                        "--watermarks",
                        "per-event");
        assertFalse(run.results().isEmpty(), job.name() + " printed nothing on generated events");
        assertEquals(List.of(), run.deadLetters());
    }

    private static JobRun run(StreamingJob job, String impl, String... flags) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(flags));
        if (!impl.isEmpty()) {
            args.addAll(Arrays.asList(impl.split(" ")));
        }
        return JobRun.withArgs(job, args.toArray(new String[0]));
    }
}
