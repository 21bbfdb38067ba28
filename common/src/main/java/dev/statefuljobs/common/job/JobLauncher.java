package dev.statefuljobs.common.job;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.flags.SinkKind;
import dev.statefuljobs.common.io.FlagSinks;
import dev.statefuljobs.common.io.FlagSources;
import dev.statefuljobs.common.io.KafkaConnection;
import dev.statefuljobs.common.io.KafkaPreflight;
import dev.statefuljobs.common.io.SinkProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds and runs a job from its command line. The same code runs in three places:
 *
 * <ul>
 *   <li>locally ({@code scripts/run-local.sh}): a MiniCluster with the web UI, configured from
 *       {@code $FLINK_CONF_DIR/config.yaml} so local and cluster runs differ only where a flag says
 *       so;
 *   <li>on a cluster ({@code flink run} of the fat jar): the cluster's configuration applies;
 *   <li>in tests: {@link #build} on the test's environment, with the test's {@link SinkProvider}.
 * </ul>
 *
 * {@code -Dkey=value} arguments are Flink configuration keys; {@code --state-backend} and {@code
 * --parallelism} are shorthands for the two that people change most.
 */
public final class JobLauncher {

    /** The checkpoint interval an exactly-once Kafka sink turns on when checkpointing is off. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * The network buffer timeout of {@code --latency low}: a buffer that is not full is sent after
     * this long. Flink's 100 ms default holds every record of a slow stream for up to 100 ms at
     * each network exchange (docs/benchmarks.md, "Latency through Kafka").
     */
    public static final Duration LOW_LATENCY_BUFFER_TIMEOUT = Duration.ofMillis(1);

    private JobLauncher() {}

    /** Runs the job to completion (bounded sources) or until cancelled. */
    public static void run(StreamingJob job, String... args) throws Exception {
        List<String> flagArgs = new ArrayList<>();
        Configuration dynamic = new Configuration();
        for (String arg : args) {
            if (arg.startsWith("-D") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                dynamic.setString(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                flagArgs.add(arg);
            }
        }
        JobFlags flags = JobFlags.parse(job.name(), job.flags(), flagArgs.toArray(new String[0]));
        checkKafka(job, flags);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(dynamic);
        if (!(env instanceof LocalStreamEnvironment)) {
            // Submitted to a cluster: its configuration applies, and the job runs detached.
            build(env, job, flags);
            env.execute(job.name());
            return;
        }
        // Not submitted to a cluster: start our own MiniCluster from the project's flink-conf/.
        Configuration conf = new Configuration();
        String confDir = System.getenv("FLINK_CONF_DIR");
        if (confDir != null) {
            conf.addAll(GlobalConfiguration.loadConfiguration(confDir));
        }
        conf.addAll(dynamic);
        String webUi = flags.get(Flags.WEB_UI);
        boolean withUi = !"off".equalsIgnoreCase(webUi);
        if (withUi) {
            conf.set(RestOptions.PORT, Integer.parseInt(webUi));
        } else if (!dynamic.contains(RestOptions.BIND_PORT)) {
            // A MiniCluster always starts the REST endpoint, UI or not; on config.yaml's rest.port
            // (8081) it would
            // take the port of the local session cluster and accept other people's job submissions.
            conf.set(RestOptions.BIND_PORT, "0");
        }
        env =
                withUi
                        ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf)
                        : StreamExecutionEnvironment.createLocalEnvironment(conf);
        build(env, job, flags);
        JobClient client = env.executeAsync(job.name());
        System.err.println(
                "Started "
                        + job.name()
                        + " as Flink job "
                        + client.getJobID()
                        + (withUi ? "; web UI at http://localhost:" + webUi : ""));
        JobExecutionResult result = client.getJobExecutionResult().get();
        // The job's own runtime (from submission to its end, without the MiniCluster's start-up and
        // shut-down):
        // scripts/bench.sh divides the events by it.
        System.err.println("Finished " + job.name() + " in " + result.getNetRuntime() + " ms");
    }

    /**
     * Before anything starts, a job that reads or writes Kafka checks, with its own client
     * properties, that the brokers answer, accept its credentials, and have its input topic: a
     * failure is one sentence with the likely fix, not a restart loop with a stack trace in the
     * JobManager's log.
     */
    private static void checkKafka(StreamingJob job, JobFlags flags) {
        boolean reads = "kafka".equals(flags.get(Flags.SOURCE));
        if (!reads && flags.get(Flags.SINK) != SinkKind.KAFKA) {
            return;
        }
        KafkaConnection kafka = KafkaConnection.fromFlags(flags);
        KafkaPreflight.check(
                kafka.bootstrapServers(),
                kafka.properties(),
                reads ? List.of(FlagSources.topic(job, flags)) : List.of(),
                KafkaPreflight.DEFAULT_TIMEOUT);
    }

    /** Adds the job's dataflow to {@code env}, with the sources and sinks the flags choose. */
    public static void build(StreamExecutionEnvironment env, StreamingJob job, JobFlags flags) {
        FlagSinks sinks = new FlagSinks(flags);
        if (sinks.needsCheckpoints()) {
            requireCheckpointing(env);
        }
        build(env, job, flags, sinks, UnaryOperator.identity());
    }

    /**
     * Adds the job's dataflow to {@code env}, its outputs going to {@code sinks} (a test's
     * collecting sinks).
     */
    public static void build(
            StreamExecutionEnvironment env, StreamingJob job, JobFlags flags, SinkProvider sinks) {
        build(env, job, flags, sinks, UnaryOperator.identity());
    }

    /**
     * Applies the shared flags to the environment and adds the job's dataflow, reading through
     * {@code sources} (the flags' sources, which a test may wrap) and writing to {@code sinks}.
     */
    public static void build(
            StreamExecutionEnvironment env,
            StreamingJob job,
            JobFlags flags,
            SinkProvider sinks,
            UnaryOperator<Sources> sources) {
        configure(env, flags);
        Sinks outputs = new Sinks(job.name(), sinks);
        job.dataflow()
                .build(sources.apply(new FlagSources(env, job, flags, outputs)), outputs, flags);
        outputs.attach();
    }

    /**
     * The shared flags that configure Flink itself; they also show in the web UI as the job's
     * parameters.
     */
    private static void configure(StreamExecutionEnvironment env, JobFlags flags) {
        Configuration conf = new Configuration();
        // Our functions never keep or mutate a record after passing it on, so chained operators may
        // skip the
        // defensive copy between them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every record and state type has a Flink serializer; a Kryo fallback is a bug, so fail at
        // build time.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        flags.find(Flags.STATE_BACKEND)
                .ifPresent(
                        backend ->
                                conf.set(
                                        StateBackendOptions.STATE_BACKEND,
                                        backend.name().toLowerCase(Locale.ROOT)));
        if (Flags.latency(flags) == Flags.Latency.LOW
                && env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, LOW_LATENCY_BUFFER_TIMEOUT);
        }
        env.configure(conf);
        flags.find(Flags.PARALLELISM).ifPresent(env::setParallelism);
        env.getConfig().setGlobalJobParameters(flags.asJobParameters());
    }

    /**
     * Kafka transactions commit when a checkpoint completes: without checkpoints an exactly-once
     * sink would never publish anything. A configured interval ({@code
     * -Dexecution.checkpointing.interval=...}) is kept.
     */
    private static void requireCheckpointing(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
            System.err.println(
                    "--sink kafka --delivery exactly-once commits on checkpoints: checkpointing was off, "
                            + "enabled every "
                            + DEFAULT_CHECKPOINT_INTERVAL.toSeconds()
                            + "s (set -Dexecution.checkpointing.interval=... to change it)");
        }
    }
}
