package dev.statefuljobs.jobs;

import dev.statefuljobs.common.flags.FlagHelp;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import java.util.Arrays;

/**
 * The one entry point of the fat jar: {@code Main <job> [--flag value ...] [-Dflink.key=value
 * ...]}. Without a job it lists the jobs; {@code <job> --help} prints that job's flags (also in
 * docs/flags.md).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.out.println(usage());
            if (args.length > 0 && !args[0].equals("--help") && !args[0].equals("-h")) {
                System.exit(2);
            }
            return;
        }
        StreamingJob job = JobCatalog.find(args[0]).orElse(null);
        if (job == null) {
            System.err.println("Unknown job '" + args[0] + "'.\n\n" + usage());
            System.exit(2);
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(FlagHelp.text(job.name(), job.description(), job.flags()));
            return;
        }
        try {
            JobLauncher.run(job, Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(job.name() + ": " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            // A local MiniCluster that failed to start keeps non-daemon threads alive: exit
            // explicitly.
            System.err.println(job.name() + " failed: " + rootCause(e));
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String hint =
                root instanceof java.net.BindException
                        ? " (is another Flink or job using the port? pass --web-ui PORT or --web-ui off)"
                        : "";
        return root + hint;
    }

    static String usage() {
        StringBuilder sb =
                new StringBuilder(
                        "Usage: <job> [flags]   (<job> --help lists its flags)   Jobs:\n");
        for (StreamingJob job : JobCatalog.all()) {
            sb.append(String.format("  %-26s %s%n", job.name(), job.description()));
        }
        return sb.toString().stripTrailing();
    }
}
