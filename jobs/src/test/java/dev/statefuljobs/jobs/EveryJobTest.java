package dev.statefuljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.FlinkCluster;
import dev.statefuljobs.common.testing.JobRun;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job in the catalog runs through the same entry point and shared flags, on every built-in
 * source.
 */
class EveryJobTest {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    static List<StreamingJob> jobs() {
        return JobCatalog.all();
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
