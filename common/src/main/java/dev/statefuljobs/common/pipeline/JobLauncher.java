package dev.statefuljobs.common.pipeline;

import dev.statefuljobs.common.io.SinkProvider;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds and runs a job from its command line. The same code runs in three places:
 * <ul>
 *   <li>locally ({@code scripts/run-local.sh}): a MiniCluster with the web UI, configured from
 *       {@code $FLINK_CONF_DIR/config.yaml} so local and cluster runs differ only where a flag says so;</li>
 *   <li>on a cluster (the fat jar submitted over REST): the cluster's configuration applies;</li>
 *   <li>in tests: {@link #build} on the test's environment with a collecting {@link SinkProvider}.</li>
 * </ul>
 * {@code -Dkey=value} arguments are Flink configuration keys; {@code --state-backend} and
 * {@code --parallelism} are shorthands for the two that people change most.
 */
public final class JobLauncher {

    private JobLauncher() {}

    /** Runs the job to completion (bounded sources) or until cancelled. */
    public static void run(StreamingJob job, String... args) throws Exception {
        List<String> flags = new ArrayList<>();
        Configuration dynamic = new Configuration();
        for (String arg : args) {
            if (arg.startsWith("-D") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                dynamic.setString(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                flags.add(arg);
            }
        }
        JobOptions options = JobOptions.fromArgs(flags.toArray(new String[0]));

        String webUi = options.string("web-ui", "8081");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(dynamic);
        if (!(env instanceof LocalStreamEnvironment)) {
            // Submitted to a cluster: its configuration applies, and the job runs detached.
            build(env, job, options, null);
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
        boolean withUi = !"off".equalsIgnoreCase(webUi);
        if (withUi) {
            conf.set(RestOptions.PORT, parsePort(webUi));
        } else if (!dynamic.contains(RestOptions.BIND_PORT)) {
            // A MiniCluster always starts the REST endpoint, UI or not; on config.yaml's rest.port (8081) it would
            // take the port of the local session cluster and accept other people's job submissions.
            conf.set(RestOptions.BIND_PORT, "0");
        }
        env = withUi ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf)
                : StreamExecutionEnvironment.createLocalEnvironment(conf);
        build(env, job, options, null);
        JobClient client = env.executeAsync(job.name());
        System.err.println("Started " + job.name() + " as Flink job " + client.getJobID()
                + (withUi ? "; web UI at http://localhost:" + webUi : ""));
        JobExecutionResult result = client.getJobExecutionResult().get();
        // The job's own runtime (from submission to its end, without the MiniCluster's start-up and shut-down):
        // scripts/bench.sh divides the events by it.
        System.err.println("Finished " + job.name() + " in " + result.getNetRuntime() + " ms");
    }

    /**
     * Applies the shared flags to the environment and adds the job's dataflow to it. Fails before anything
     * runs on a bad or unknown flag.
     */
    public static Pipeline build(StreamExecutionEnvironment env, StreamingJob job, JobOptions options,
                                 SinkProvider sinks) {
        Configuration conf = new Configuration();
        // Our functions never keep or mutate a record after passing it on, so chained operators may skip the
        // defensive copy between them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every record and state type has a Flink serializer; a Kryo fallback is a bug, so fail at build time.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        String backend = options.string("state-backend", null);
        if (backend != null) {
            conf.setString("state.backend.type", options.choice("state-backend", null, "hashmap", "rocksdb"));
        }
        env.configure(conf);
        if (options.has("parallelism")) {
            env.setParallelism(options.integer("parallelism", env.getParallelism()));
        }
        options.string("web-ui", "8081"); // a shared flag that only local runs act on (see run)
        env.getConfig().setGlobalJobParameters(options.parameters());
        Pipeline pipeline = new Pipeline(env, job, options, sinks);
        job.build(pipeline);
        options.rejectUnknownFlags(job.name());
        return pipeline;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--web-ui must be a port number or 'off', got '" + value + "'");
        }
    }
}
