package dev.statefuljobs.common.testing;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Assertions;

/**
 * Runs a job end to end on the test's MiniCluster: its real file source, parser, watermarks and
 * operators, with collecting sinks. Watermarks are emitted per event, so event-time results are
 * deterministic. Generic (Kryo) types are disabled, so a record type that would fall back to Kryo
 * fails the test.
 */
public final class JobRun {

    private final Map<Output, List<String>> outputs;
    private final JobID jobId;

    private JobRun(Map<Output, List<String>> outputs, JobID jobId) {
        this.outputs = outputs;
        this.jobId = jobId;
    }

    /**
     * Runs {@code job} over the given input lines with extra flags, e.g. {@code "--emit",
     * "updates"}.
     */
    public static JobRun of(StreamingJob job, List<String> lines, String... flags)
            throws Exception {
        return of(new Configuration(), job, lines, flags);
    }

    /**
     * As {@link #of(StreamingJob, List, String...)}, started from a savepoint or retained
     * checkpoint ({@code execution.state-recovery.path}).
     */
    public static JobRun fromSavepoint(
            String savepoint, StreamingJob job, List<String> lines, String... flags)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        return of(conf, job, lines, flags);
    }

    private static JobRun of(
            Configuration conf, StreamingJob job, List<String> lines, String... flags)
            throws Exception {
        Path input = Files.createTempFile(job.name() + "-", ".jsonl");
        try {
            Files.write(input, lines, StandardCharsets.UTF_8);
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--source",
                                    "file",
                                    "--input",
                                    input.toString(),
                                    "--watermarks",
                                    "per-event"));
            args.addAll(Arrays.asList(flags));
            return withArgs(conf, job, args.toArray(new String[0]));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /**
     * Runs {@code job} with exactly these flags (e.g. its embedded sample: {@code "--source",
     * "sample"}).
     */
    public static JobRun withArgs(StreamingJob job, String... args) throws Exception {
        return withArgs(new Configuration(), job, args);
    }

    private static JobRun withArgs(Configuration extra, StreamingJob job, String... args)
            throws Exception {
        Configuration conf = new Configuration(extra);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        CollectingSinks sinks = new CollectingSinks();
        JobLauncher.build(env, job, JobFlags.parse(job.name(), job.flags(), args), sinks);
        JobID jobId = env.execute(job.name()).getJobID();
        return new JobRun(sinks.drain(), jobId);
    }

    /**
     * The message of the {@link IllegalArgumentException} with which {@code job} refuses to be
     * built with these flags (and {@code --web-ui off}), before anything runs.
     */
    public static String refusal(StreamingJob job, String... flags) {
        List<String> args = new ArrayList<>(List.of("--web-ui", "off"));
        args.addAll(Arrays.asList(flags));
        return Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> withArgs(job, args.toArray(new String[0])))
                .getMessage();
    }

    public List<String> results() {
        return outputs.get(Output.RESULTS);
    }

    public List<String> deadLetters() {
        return outputs.get(Output.DEAD_LETTERS);
    }

    public List<String> late() {
        return outputs.get(Output.LATE);
    }

    /** The Flink job id, e.g. to look up its metrics in an {@code InMemoryReporter}. */
    public JobID jobId() {
        return jobId;
    }

    /** A counter's value summed over the job's subtasks, from a reporter that retains metrics. */
    public long counter(InMemoryReporter reporter, String metric) {
        return reporter.getMetricsByIdentifiers(jobId).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + metric) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    /** Reads a test resource's lines. */
    public static List<String> lines(Class<?> owner, String resource) throws IOException {
        try (var in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }
}
