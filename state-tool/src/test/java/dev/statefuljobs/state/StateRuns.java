package dev.statefuljobs.state;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.CollectingSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The tool's commands and job runs as the tests use them, on the test's MiniCluster. */
final class StateRuns {

    private StateRuns() {}

    /** What one run of the tool printed and returned. */
    record ToolRun(int status, List<String> out, String err) {}

    /** Runs {@code scripts/state.sh <args>} in this JVM. */
    static ToolRun tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                StateTool.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ToolRun(
                status,
                out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    /** {@code read <path> --job <job> [args]}, which must succeed. */
    static List<String> read(String path, String job, String... args) {
        List<String> all = new ArrayList<>(List.of("read", path, "--job", job));
        all.addAll(Arrays.asList(args));
        ToolRun run = tool(all.toArray(new String[0]));
        if (run.status() != 0) {
            throw new AssertionError("read failed: " + run.err());
        }
        return run.out();
    }

    /** {@code bootstrap --job <job> --from <lines> --out <dir> [args]}, which must succeed. */
    static String bootstrap(Path dir, String job, List<String> lines, String... args)
            throws Exception {
        Path from = Files.createTempFile(dir, "state-", ".jsonl");
        Files.write(from, lines, StandardCharsets.UTF_8);
        String out = dir.resolve("bootstrapped-" + System.nanoTime()).toString();
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "bootstrap",
                                "--job",
                                job,
                                "--from",
                                from.toString(),
                                "--out",
                                out));
        all.addAll(Arrays.asList(args));
        ToolRun run = tool(all.toArray(new String[0]));
        if (run.status() != 0) {
            throw new AssertionError("bootstrap failed: " + run.err());
        }
        return out;
    }

    /**
     * Runs {@code job} over {@code input} (a bounded file source, watermarks per event) restored
     * from {@code savepoint}, and returns its outputs.
     */
    static Map<Output, List<String>> runFrom(
            String savepoint, StreamingJob job, List<String> input, Path dir, String... flags)
            throws Exception {
        Path file = Files.createTempFile(dir, job.name() + "-", ".jsonl");
        Files.write(file, input, StandardCharsets.UTF_8);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--source",
                                "file",
                                "--input",
                                file.toString(),
                                "--watermarks",
                                "per-event"));
        args.addAll(Arrays.asList(flags));
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        CollectingSinks sinks = new CollectingSinks();
        JobLauncher.build(
                env,
                job,
                JobFlags.parse(job.name(), job.flags(), args.toArray(new String[0])),
                sinks);
        env.execute(job.name());
        return new LinkedHashMap<>(sinks.drain());
    }

    /** A user's rows, in order. */
    static List<String> forKey(List<String> rows, String keyField, String key) {
        String prefix = "{\"" + keyField + "\":\"" + key + "\"";
        return rows.stream().filter(r -> r.startsWith(prefix + ",")).toList();
    }
}
