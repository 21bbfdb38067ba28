package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job in the catalog runs through the same entry point and shared flags, on every built-in
 * source; so does every SQL twin ({@code --impl sql}).
 */
class EveryJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    static List<StreamingJob> jobs() {
        return JobCatalog.all();
    }

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

    @Test
    void threeJobsHaveASqlTwin() {
        assertEquals(
                List.of(
                        JobCatalog.CLICKS_PER_MINUTE,
                        JobCatalog.RUNNING_TOTAL,
                        JobCatalog.VISITS_PER_HOUR),
                twins());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void itsSqlTwinRunsOnItsEmbeddedSample(StreamingJob job) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        job, "--web-ui", "off", "--impl", "sql", "--state-backend", "rocksdb");
        assertFalse(run.results().isEmpty(), job.name() + " --impl sql printed nothing");
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void itsSqlTwinRunsOnTheGeneratorOfItsFormat(StreamingJob job) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        job,
                        "--web-ui",
                        "off",
                        "--impl",
                        "sql",
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
        assertFalse(run.results().isEmpty(), job.name() + " --impl sql printed nothing");
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void runsOnItsEmbeddedSample(StreamingJob job) throws Exception {
        JobRun run = JobRun.withArgs(job, "--web-ui", "off", "--state-backend", "rocksdb");
        assertFalse(run.results().isEmpty(), job.name() + " printed nothing on its sample");
        assertEquals(List.of(), run.deadLetters());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void runsOnTheGeneratorOfItsFormat(StreamingJob job) throws Exception {
        JobRun run =
                JobRun.withArgs(
                        job,
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
}
