package dev.statefuljobs.state;

import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.testing.KafkaBroker;
import dev.statefuljobs.common.testing.KafkaRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * A job that reads Kafka without end, on the test's MiniCluster: started over the records of a
 * fresh topic (optionally from a savepoint), and stopped with a savepoint once its committed output
 * holds the expected number of rows.
 */
final class KafkaStateRuns {

    private static final Pattern KEY = Pattern.compile("^\\{\"[A-Za-z_]+\":\"([^\"]*)\"");

    private final KafkaBroker kafka;

    KafkaStateRuns(KafkaBroker kafka) {
        this.kafka = kafka;
    }

    /** A running job and its topics. */
    record Running(JobClient client, KafkaRun.Topics topics) {}

    /**
     * Produces {@code lines} to a fresh topic of two partitions (each key's lines to one of them,
     * in order) and starts {@code job} on it, restored from {@code savepoint} unless it is null.
     */
    Running start(StreamingJob job, List<String> lines, String savepoint, String... flags)
            throws Exception {
        return start(job, lines, 2, savepoint, new Configuration(), flags);
    }

    /**
     * As above, with {@code partitions} partitions and extra Flink configuration (e.g. where
     * checkpoints go).
     */
    Running start(
            StreamingJob job,
            List<String> lines,
            int partitionCount,
            String savepoint,
            Configuration conf,
            String... flags)
            throws Exception {
        KafkaRun.Topics topics = KafkaRun.Topics.fresh(kafka, job, partitionCount);
        List<List<byte[]>> partitions = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new ArrayList<>());
        }
        for (String line : lines) {
            partitions
                    .get(Math.floorMod(key(line).hashCode(), partitionCount))
                    .add(line.getBytes(StandardCharsets.UTF_8));
        }
        for (int p = 0; p < partitionCount; p++) {
            kafka.produceBytes(topics.input, p, partitions.get(p));
        }
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        List<String> args = new ArrayList<>(List.of("--watermarks", "per-event"));
        args.addAll(List.of(flags));
        JobClient client =
                KafkaRun.start(
                        kafka, job, topics.input, topics.output, conf, args.toArray(new String[0]));
        return new Running(client, topics);
    }

    /**
     * Waits until the committed output holds {@code count} rows that {@code counted} accepts, then
     * stops the job with a savepoint in {@code dir} ({@code drain}: firing every timer first, as
     * the end of a bounded input does) and returns the savepoint's path and the committed rows.
     */
    /** Waits as {@link #stop} does, then cancels the job (its retained checkpoint stays). */
    void cancel(Running run, Predicate<String> counted, int count) throws Exception {
        kafka.awaitRecords(run.topics().output, counted, count, Duration.ofSeconds(90));
        run.client().cancel().get(90, TimeUnit.SECONDS);
    }

    Stopped stop(
            Running run,
            Predicate<String> counted,
            int count,
            boolean drain,
            SavepointFormatType format,
            Path dir)
            throws Exception {
        kafka.awaitRecords(run.topics().output, counted, count, Duration.ofSeconds(90));
        String savepoint =
                run.client()
                        .stopWithSavepoint(drain, dir.toUri().toString(), format)
                        .get(90, TimeUnit.SECONDS);
        return new Stopped(savepoint, kafka.consumeAll(run.topics().output));
    }

    /** A stopped run: its savepoint and its committed results. */
    record Stopped(String savepoint, List<String> results) {}

    /** The value of a JSON line's first field, the key in every line here. */
    static String key(String line) {
        Matcher m = KEY.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("no key first in " + line);
        }
        return m.group(1);
    }
}
