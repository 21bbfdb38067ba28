package dev.statefuljobs.common.testing;

import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.pipeline.JobLauncher;
import dev.statefuljobs.common.pipeline.JobOptions;
import dev.statefuljobs.common.pipeline.StreamingJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a job end to end on the test's MiniCluster: its real file source, parser, watermarks and operators,
 * with collecting sinks. Watermarks are emitted per event, so event-time results are deterministic.
 * Generic (Kryo) types are disabled, so a record type that would fall back to Kryo fails the test.
 */
public final class JobRun {

    private final Map<Output, List<String>> outputs;

    private JobRun(Map<Output, List<String>> outputs) {
        this.outputs = outputs;
    }

    /** Runs {@code job} over the given input lines with extra flags, e.g. {@code "--emit", "updates"}. */
    public static JobRun of(StreamingJob job, List<String> lines, String... flags) throws Exception {
        Path input = Files.createTempFile(job.name() + "-", ".jsonl");
        try {
            Files.write(input, lines, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("--source", "file", "--input", input.toString(),
                    "--watermarks", "per-event"));
            args.addAll(Arrays.asList(flags));
            return withArgs(job, args.toArray(new String[0]));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** Runs {@code job} with exactly these flags (e.g. its embedded sample: {@code "--source", "sample"}). */
    public static JobRun withArgs(StreamingJob job, String... args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        CollectingSinks sinks = new CollectingSinks();
        JobLauncher.build(env, job, JobOptions.fromArgs(args), sinks);
        env.execute(job.name());
        return new JobRun(sinks.drain());
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

    /** Reads a test resource's lines. */
    public static List<String> lines(Class<?> owner, String resource) throws IOException {
        try (var in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
