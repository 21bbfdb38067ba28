package dev.statefuljobs.state;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tool's commands as the tests use them, on the test's MiniCluster. */
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

    /** A user's rows, in order. */
    static List<String> forKey(List<String> rows, String keyField, String key) {
        String prefix = "{\"" + keyField + "\":\"" + key + "\"";
        return rows.stream().filter(r -> r.startsWith(prefix + ",")).toList();
    }
}
