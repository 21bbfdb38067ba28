package dev.statefuljobs.common.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the flag catalog: as text for {@code --help}, and as Markdown for {@code docs/flags.md}.
 * Both come from the same declarations, so neither can drift from what the jobs accept.
 */
public final class FlagHelp {

    private FlagHelp() {}

    /** {@code <job> --help}: the job's own flags, then the shared ones, one paragraph each. */
    public static String text(String jobName, String description, List<Flag<?>> jobFlags) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ")
                .append(jobName)
                .append(" [--flag value ...] [-Dflink.config.key=value ...]\n");
        sb.append(description).append("\n");
        if (!jobFlags.isEmpty()) {
            sb.append("\nFlags of ").append(jobName).append(":\n");
            jobFlags.forEach(flag -> appendText(sb, flag));
        }
        sb.append("\nFlags of every job:\n");
        Flags.SHARED.forEach(flag -> appendText(sb, flag));
        sb.append(
                "\nDurations: 500ms, 30s, 1min or 1m, 1h, 1d, or Spark's \"30 seconds\". "
                        + "-Dkey=value sets any Flink configuration key.\n");
        return sb.toString();
    }

    private static void appendText(StringBuilder sb, Flag<?> flag) {
        sb.append("  --").append(flag.name());
        if (!flag.isToggle()) {
            sb.append(' ').append(flag.valueHint());
        }
        sb.append("  (default: ").append(flag.defaultText());
        if (!flag.scope().describe().isEmpty()) {
            sb.append("; only with ").append(flag.scope().describe());
        }
        sb.append(")\n");
        for (String line : wrap(flag.description(), 100)) {
            sb.append("      ").append(line).append('\n');
        }
    }

    /**
     * {@code docs/flags.md}: a table of the shared flags, then one table per job of its own flags.
     *
     * @param jobs each job's name and its own flags, in catalog order
     */
    public static String markdown(Map<String, List<Flag<?>>> jobs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Flags\n\n");
        sb.append(
                "<!-- Generated from the flag catalog (Flags and each job's own flags) by FlagsDocTest; do not "
                        + "edit by hand. -->\n\n");
        sb.append(
                "Every job runs through one entry point, `dev.statefuljobs.jobs.Main <job> [flags]` (the fat jar's "
                        + "main class): locally with `scripts/run-local.sh <job> [flags]`, on a cluster with "
                        + "`scripts/flink run <jar> <job> [flags]`. `<job> --help` prints the flags of that job.\n\n");
        sb.append(
                "A flag that a job does not know, or that does not apply with the chosen `--source` or `--sink`, "
                        + "is an error, not silently ignored. Durations are written `500ms`, `30s`, `1min` or `1m`, `1h`, "
                        + "`1d`, or as Spark's `\"30 seconds\"`. `-Dkey=value` sets any Flink configuration key, e.g. "
                        + "`-Dexecution.checkpointing.interval=5s`.\n\n");
        sb.append("## Every job\n\n");
        table(sb, Flags.SHARED, true);
        for (Map.Entry<String, List<Flag<?>>> job : jobs.entrySet()) {
            sb.append("\n## ").append(job.getKey()).append("\n\n");
            if (job.getValue().isEmpty()) {
                sb.append("No flags of its own.\n");
            } else {
                table(sb, job.getValue(), false);
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Flag<?>> flags, boolean withScope) {
        sb.append(
                withScope
                        ? "| Flag | Value | Default | Only with | Meaning |\n|---|---|---|---|---|\n"
                        : "| Flag | Value | Default | Meaning |\n|---|---|---|---|\n");
        for (Flag<?> flag : flags) {
            sb.append("| `--")
                    .append(flag.name())
                    .append("` | ")
                    .append(flag.isToggle() ? "" : "`" + flag.valueHint().replace("|", "\\|") + "`")
                    .append(" | ")
                    .append(flag.defaultText().replace("|", "\\|"))
                    .append(" | ");
            if (withScope) {
                String scope = flag.scope().describe();
                sb.append(scope.isEmpty() ? "" : "`" + scope.replace("|", "\\|") + "`")
                        .append(" | ");
            }
            sb.append(flag.description().replace("|", "\\|")).append(" |\n");
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
