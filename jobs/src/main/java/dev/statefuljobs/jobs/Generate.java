package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.EventFormats;
import dev.statefuljobs.common.generator.LineGenerator;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.time.Durations;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prints generated events as JSON Lines on stdout, exactly the lines that {@code --source
 * generator} feeds a job with the same flags:
 *
 * <pre>
 * Generate &lt;format|job&gt; [--events 1000] [--keys 100] [--seed 42] [--late-fraction 0] [--late-by 5m]
 *          [--out-of-orderness 0s] [--start 0]
 * </pre>
 *
 * A job name stands for the format of its default topic (e.g. clicks-per-minute: clicks). {@code
 * --events 0} prints until stdout is closed. A plain loop with a buffered writer: no Flink runtime
 * is started, and with a format name the fat jar alone is enough ({@code java -cp
 * flink-stateful-jobs.jar dev.statefuljobs.jobs.Generate transactions --events 5000000}: about 1.4M
 * lines/s); a job name needs the Flink classes on the classpath too.
 */
public final class Generate {

    private Generate() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println(
                    "Usage: Generate <"
                            + EventFormats.names()
                            + "|job> [--events N] [--keys K] [--seed S]"
                            + " [--late-fraction F] [--late-by 5m] [--out-of-orderness 0s] [--start INDEX]");
            System.exit(2);
        }
        try {
            Map<String, String> flags = flags(args);
            LineGenerator generator = generator(args[0], flags);
            long events = Long.parseLong(take(flags, "events", "1000"));
            long start = Long.parseLong(take(flags, "start", "0"));
            if (!flags.isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown flag(s): --" + String.join(", --", flags.keySet()));
            }
            write(generator, start, events == 0 ? Long.MAX_VALUE : start + events);
        } catch (IllegalArgumentException e) {
            System.err.println("Generate: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            // The reader closed the pipe (e.g. `| head`, or a producer that stopped): that ends the
            // stream.
            System.exit(0);
        }
    }

    /**
     * Builds the generator from the flags, removing each flag it reads (what is left is unknown).
     */
    static LineGenerator generator(String formatOrJob, Map<String, String> flags) {
        EventFormat<?> format = format(formatOrJob);
        Duration bound = Durations.parse(take(flags, "out-of-orderness", "0s"));
        Duration lateBy = Durations.parse(take(flags, "late-by", "5m"));
        return new LineGenerator(
                format.generator(),
                Long.parseLong(take(flags, "seed", "42")),
                Integer.parseInt(take(flags, "keys", "100")),
                Double.parseDouble(take(flags, "late-fraction", "0")),
                bound.plus(lateBy));
    }

    static EventFormat<?> format(String formatOrJob) {
        Optional<EventFormat<?>> format = EventFormats.find(formatOrJob);
        if (format.isPresent()) {
            return format.get();
        }
        StreamingJob job;
        try {
            job = JobCatalog.find(formatOrJob).orElse(null);
        } catch (LinkageError e) {
            // The fat jar alone lacks the Flink runtime (the cluster provides it), and the job
            // classes need it.
            throw new IllegalArgumentException(
                    "'"
                            + formatOrJob
                            + "' is not a format ("
                            + EventFormats.names()
                            + "); to name a job, run with the Flink runtime on the classpath (jobs/target/local-classpath.txt)");
        }
        if (job == null) {
            throw new IllegalArgumentException(
                    "'"
                            + formatOrJob
                            + "' is neither a format ("
                            + EventFormats.names()
                            + ") nor a job");
        }
        return EventFormats.find(job.topic())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "job "
                                                + job.name()
                                                + " reads '"
                                                + job.topic()
                                                + "', which is not a format in EventFormats"));
    }

    static void write(LineGenerator generator, long from, long to) throws IOException {
        Writer out =
                new BufferedWriter(
                        new OutputStreamWriter(
                                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                        1 << 16);
        for (long i = from; i < to; i++) {
            out.write(generator.line(i));
            out.write('\n');
        }
        out.flush();
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value, got '" + args[i] + "'");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }

    private static String take(Map<String, String> flags, String name, String defaultValue) {
        String v = flags.remove(name);
        return v == null ? defaultValue : v;
    }
}
