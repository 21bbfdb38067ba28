package dev.statefuljobs.common.testing;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.job.JobLauncher;
import dev.statefuljobs.common.job.StreamingJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a job end to end through Kafka on the test's MiniCluster: input records are produced to a
 * fresh topic, the job reads it with {@code --source kafka --bounded} and writes with {@code --sink
 * kafka} (exactly-once unless the flags say otherwise), and the output topics are read back with
 * read_committed. Any job works unchanged: {@code KafkaRun.of(KAFKA, JobCatalog.SOME_JOB, lines)}.
 */
public final class KafkaRun {

    /**
     * Short, so that a bounded exactly-once run does not wait long for the checkpoint that commits
     * it.
     */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String outputTopic;
    private final List<String> results;
    private final List<String> deadLetters;
    private final List<String> late;
    private final String endOffsetsAtRead;

    private KafkaRun(
            String outputTopic,
            List<String> results,
            List<String> deadLetters,
            List<String> late,
            String endOffsetsAtRead) {
        this.outputTopic = outputTopic;
        this.results = results;
        this.deadLetters = deadLetters;
        this.late = late;
        this.endOffsetsAtRead = endOffsetsAtRead;
    }

    /** Runs {@code job} over these lines (one Kafka record each) with extra flags. */
    public static KafkaRun of(
            KafkaBroker kafka, StreamingJob job, List<String> lines, String... flags)
            throws Exception {
        return ofBytes(
                kafka,
                job,
                lines.stream()
                        .map(l -> l.getBytes(StandardCharsets.UTF_8))
                        .collect(Collectors.toList()),
                flags);
    }

    /** Runs {@code job} over these record values, which may be any bytes. */
    public static KafkaRun ofBytes(
            KafkaBroker kafka, StreamingJob job, List<byte[]> values, String... flags)
            throws Exception {
        Topics topics = Topics.fresh(kafka, job, 1);
        kafka.produceBytes(topics.input, 0, values);
        StreamExecutionEnvironment env = environment();
        JobLauncher.build(
                env,
                job,
                JobFlags.parse(job.name(), job.flags(), topics.args(kafka, "--bounded", flags)));
        env.execute(job.name());
        // Diagnostics for a failing test: committed/all end offsets when the results are read.
        String endOffsetsAtRead = kafka.endOffsets(topics.output);
        return new KafkaRun(
                topics.output,
                kafka.consumeAll(topics.output),
                kafka.consumeAll(topics.output + ".dlq"),
                kafka.consumeAll(topics.output + ".late"),
                endOffsetsAtRead);
    }

    /**
     * Starts {@code job} on an unbounded Kafka source over an existing topic; the caller cancels
     * it.
     */
    public static JobClient start(
            KafkaBroker kafka,
            StreamingJob job,
            String inputTopic,
            String outputTopic,
            String... flags)
            throws Exception {
        return start(kafka, job, inputTopic, outputTopic, new Configuration(), flags);
    }

    /**
     * As {@link #start(KafkaBroker, StreamingJob, String, String, String...)}, with extra Flink
     * configuration, e.g. {@code execution.state-recovery.path} to restore from a savepoint.
     */
    public static JobClient start(
            KafkaBroker kafka,
            StreamingJob job,
            String inputTopic,
            String outputTopic,
            Configuration extra,
            String... flags)
            throws Exception {
        StreamExecutionEnvironment env = environment(extra);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--source",
                                "kafka",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                inputTopic,
                                "--group-id",
                                outputTopic,
                                "--sink",
                                "kafka",
                                "--output-topic",
                                outputTopic));
        args.addAll(Arrays.asList(flags));
        JobLauncher.build(
                env, job, JobFlags.parse(job.name(), job.flags(), args.toArray(new String[0])));
        return env.executeAsync(job.name());
    }

    /**
     * The results topic (dead letters: {@code <topic>.dlq}, late records: {@code <topic>.late}).
     */
    public String outputTopic() {
        return outputTopic;
    }

    public List<String> results() {
        return results;
    }

    public List<String> deadLetters() {
        return deadLetters;
    }

    public List<String> late() {
        return late;
    }

    /**
     * The results topic's committed/all end offsets (last stable offset/high watermark) when it was
     * read.
     */
    public String endOffsetsAtRead() {
        return endOffsetsAtRead;
    }

    private static StreamExecutionEnvironment environment() {
        return environment(new Configuration());
    }

    /**
     * Checkpoints every {@link #CHECKPOINT_INTERVAL}; a failed job restarts up to 5 times, 200 ms
     * apart (the failure tests inject failures; any other test fails on its first restart attempt's
     * cause anyway).
     */
    private static StreamExecutionEnvironment environment(Configuration extra) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "5");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        conf.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        return env;
    }

    /**
     * A fresh input topic and output topics (results, .dlq, .late) per run, so runs never see each
     * other.
     */
    public static final class Topics {
        public final String input;
        public final String output;

        private Topics(String input, String output) {
            this.input = input;
            this.output = output;
        }

        public static Topics fresh(KafkaBroker kafka, StreamingJob job, int inputPartitions)
                throws Exception {
            int run = RUNS.incrementAndGet();
            Topics topics = new Topics(job.topic() + "-" + run, job.name() + "-" + run);
            kafka.createTopics(inputPartitions, topics.input);
            kafka.createTopics(1, topics.output, topics.output + ".dlq", topics.output + ".late");
            return topics;
        }

        String[] args(KafkaBroker kafka, String bounded, String... flags) {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--source",
                                    "kafka",
                                    "--bootstrap-servers",
                                    kafka.bootstrapServers(),
                                    "--topic",
                                    input,
                                    "--group-id",
                                    output,
                                    bounded,
                                    "--sink",
                                    "kafka",
                                    "--output-topic",
                                    output,
                                    "--watermarks",
                                    "per-event"));
            args.addAll(Arrays.asList(flags));
            return args.toArray(new String[0]);
        }
    }
}
