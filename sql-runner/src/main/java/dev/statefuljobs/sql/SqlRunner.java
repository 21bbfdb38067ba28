package dev.statefuljobs.sql;

import dev.statefuljobs.common.sql.SqlScript;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * {@code scripts/sql.sh}: runs a file of Flink SQL statements, one after the other, on a {@link
 * TableEnvironment}, as Flink's SQL client would (its jar is not published for Flink 2.2.1).
 *
 * <ul>
 *   <li>A query ({@code SELECT}, {@code WITH}, {@code VALUES}) and {@code SHOW}/{@code DESCRIBE}/
 *       {@code EXPLAIN} print their rows as a table on the console, as they come: a streaming
 *       query's table has an {@code op} column with each row's kind ({@code +I}, {@code -U}, {@code
 *       +U}, {@code -D}), Flink's form of Spark's output modes. An unbounded query prints until
 *       Ctrl-C.
 *   <li>An {@code INSERT INTO} is submitted as a job of its own, and the next statement runs.
 *   <li>{@code CREATE} and the like say OK on stderr; {@code SET 'key' = 'value'} sets a table or
 *       Flink option for the statements after it, as in Flink's SQL client.
 *   <li>A statement that Flink refuses (a syntax error, an unknown table, a missing connector) ends
 *       the run with Flink's message in one or two lines, its positions as lines of the file.
 * </ul>
 *
 * Locally the statements run in a MiniCluster of this JVM with the web UI (the runner starts its
 * own and submits to it, so that the UI stays up for every job of the file and the INSERT jobs run
 * beside a query); the runner waits for the INSERT jobs at the end. With {@code --cluster} they go
 * to a running cluster over REST, with the jobs' fat jar (which bundles the Kafka connector and
 * flink-json that a distribution's lib/ lacks), and keep running there when the runner exits.
 */
public final class SqlRunner {

    /** {@code SET 'key' = 'value'}, as Flink's SQL client takes it. */
    private static final Pattern SET =
            Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'((?:[^']|'')*)'");

    static final String USAGE =
            "usage: sql.sh -f FILE.sql [--cluster] [--web-ui PORT|off] [--rest-url URL] [--jar"
                    + " JAR] [-Dkey=value ...]";

    private SqlRunner() {}

    /** The command line. */
    record Options(
            Path file,
            boolean cluster,
            String webUi,
            URI restUrl,
            String jar,
            Configuration dynamic) {

        static Options parse(String... args) {
            Path file = null;
            boolean cluster = false;
            String webUi = "8081";
            URI restUrl = URI.create("http://localhost:8081");
            String jar = null;
            Configuration dynamic = new Configuration();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("-D") && arg.contains("=")) {
                    int eq = arg.indexOf('=');
                    dynamic.setString(arg.substring(2, eq), arg.substring(eq + 1));
                    continue;
                }
                switch (arg) {
                    case "--cluster" -> cluster = true;
                    case "-f", "--file" -> file = Path.of(value(args, ++i, arg));
                    case "--web-ui" -> webUi = value(args, ++i, arg);
                    case "--rest-url" -> restUrl = URI.create(value(args, ++i, arg));
                    case "--jar" -> jar = value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("-f FILE.sql is required");
            }
            if (!webUi.equalsIgnoreCase("off") && !webUi.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("--web-ui must be a port or off");
            }
            return new Options(file, cluster, webUi, restUrl, jar, dynamic);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line; the exit code: 0 done, 1 a statement or job failed, 2 bad usage. */
    static int run(PrintStream out, PrintStream err, String... args) {
        Options options;
        SqlScript script;
        try {
            options = Options.parse(args);
            script =
                    SqlScript.parse(
                            options.file().toString(),
                            Files.readString(options.file(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read " + args[args.length - 1] + ": " + e.getMessage());
            return 2;
        }
        if (script.statements().isEmpty()) {
            err.println("error: " + script.name() + " has no statements");
            return 2;
        }
        Configuration conf = baseConfiguration(options);
        if (options.cluster()) {
            return onCluster(script, options, conf, out, err);
        }
        return locally(script, options, conf, out, err);
    }

    /**
     * The project's flink-conf/config.yaml ({@code FLINK_CONF_DIR}), then {@code -D} values;
     * session time zone UTC, as the jobs print their times, unless the file or a {@code -D} sets
     * another.
     */
    static Configuration baseConfiguration(Options options) {
        Configuration conf = new Configuration();
        String confDir = System.getenv("FLINK_CONF_DIR");
        if (confDir != null) {
            conf.addAll(GlobalConfiguration.loadConfiguration(confDir));
        }
        conf.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        conf.addAll(options.dynamic());
        return conf;
    }

    private static int locally(
            SqlScript script,
            Options options,
            Configuration conf,
            PrintStream out,
            PrintStream err) {
        Configuration clusterConf = new Configuration(conf);
        boolean withUi = !options.webUi().equalsIgnoreCase("off");
        if (withUi) {
            clusterConf.set(RestOptions.PORT, Integer.parseInt(options.webUi()));
            clusterConf.set(RestOptions.BIND_PORT, options.webUi());
        } else {
            // The REST endpoint is how the statements' jobs are submitted, UI or not: any free
            // port.
            clusterConf.set(RestOptions.BIND_PORT, "0");
        }
        MiniClusterConfiguration miniConf =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(clusterConf)
                        .setNumTaskManagers(1)
                        // Room for an INSERT job and a query beside it, each at parallelism 2.
                        .setNumSlotsPerTaskManager(4)
                        .build();
        MiniCluster cluster = new MiniCluster(miniConf);
        try {
            cluster.start();
        } catch (Exception e) {
            err.println(
                    "error: cannot start the local Flink cluster: "
                            + Errors.rootMessage(e)
                            + (withUi
                                    ? " (is port "
                                            + options.webUi()
                                            + " taken? pass --web-ui PORT or off)"
                                    : ""));
            stop(cluster, err);
            return 1;
        }
        try {
            URI rest = cluster.getRestAddress().get();
            if (withUi) {
                err.println("Flink web UI: http://localhost:" + rest.getPort());
            }
            List<JobClient> inserts = new ArrayList<>();
            int code = statements(script, remote(conf, rest), out, err, inserts, false);
            if (code == 0 && !inserts.isEmpty()) {
                err.println(
                        "Waiting for "
                                + inserts.size()
                                + " INSERT job(s) to finish"
                                + (withUi
                                        ? " (web UI http://localhost:" + rest.getPort() + ")"
                                        : "")
                                + "; Ctrl-C stops them");
                for (JobClient job : inserts) {
                    try {
                        long ms = job.getJobExecutionResult().get().getNetRuntime();
                        err.println("Job " + job.getJobID() + " finished in " + ms + " ms");
                    } catch (ExecutionException e) {
                        err.println(
                                "error: job "
                                        + job.getJobID()
                                        + " failed: "
                                        + Errors.rootMessage(e));
                        code = 1;
                    }
                }
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            err.println("error: " + Errors.rootMessage(e));
            return 1;
        } finally {
            stop(cluster, err);
        }
    }

    /** The local cluster ends with the run: its jobs with it. */
    private static void stop(MiniCluster cluster, PrintStream err) {
        try {
            cluster.close();
        } catch (Exception e) {
            err.println(
                    "warning: the local Flink cluster did not stop cleanly: "
                            + Errors.rootMessage(e));
        }
    }

    private static int onCluster(
            SqlScript script,
            Options options,
            Configuration conf,
            PrintStream out,
            PrintStream err) {
        Configuration tableConf = remote(conf, options.restUrl());
        if (options.jar() != null) {
            // The connectors and formats that a distribution's lib/ lacks travel with the jobs.
            tableConf.set(
                    PipelineOptions.JARS,
                    List.of(new File(options.jar()).getAbsoluteFile().toURI().toString()));
        }
        List<JobClient> inserts = new ArrayList<>();
        int code = statements(script, tableConf, out, err, inserts, true);
        for (JobClient job : inserts) {
            err.println(
                    "Job "
                            + job.getJobID()
                            + " keeps running on the cluster ("
                            + options.restUrl()
                            + "); stop it with scripts/flink cancel "
                            + job.getJobID());
        }
        return code;
    }

    /** Where the statements' jobs go: the cluster whose REST endpoint is {@code rest}. */
    private static Configuration remote(Configuration conf, URI rest) {
        Configuration remote = new Configuration(conf);
        remote.set(DeploymentOptions.TARGET, "remote");
        remote.set(RestOptions.ADDRESS, rest.getHost());
        remote.set(RestOptions.PORT, rest.getPort());
        return remote;
    }

    /**
     * Runs the statements in order; stops at the first that fails. INSERT jobs are added to {@code
     * inserts}. On a cluster, a query that is interrupted (Ctrl-C) has its job cancelled, since it
     * would otherwise keep a slot with nobody reading its rows.
     */
    static int statements(
            SqlScript script,
            Configuration conf,
            PrintStream out,
            PrintStream err,
            List<JobClient> inserts,
            boolean cancelQueriesOnExit) {
        TableEnvironment tables =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inStreamingMode()
                                .withConfiguration(conf)
                                .build());
        for (SqlScript.Statement statement : script.statements()) {
            String keyword = statement.keyword();
            Matcher set = SET.matcher(statement.text().strip());
            if (set.matches()) {
                // The SQL client's SET, which TableEnvironment.executeSql does not take.
                tables.getConfig().set(set.group(1), set.group(2).replace("''", "'"));
                err.println("[OK] " + where(script, statement) + ": SET '" + set.group(1) + "'");
                continue;
            }
            try {
                TableResult result = tables.executeSql(statement.text());
                Optional<JobClient> job = result.getJobClient();
                if (isQuery(keyword)) {
                    Thread cancel = null;
                    if (cancelQueriesOnExit && job.isPresent()) {
                        JobClient client = job.get();
                        cancel = new Thread(() -> client.cancel().join());
                        Runtime.getRuntime().addShutdownHook(cancel);
                    }
                    print(result, out);
                    if (cancel != null) {
                        Runtime.getRuntime().removeShutdownHook(cancel);
                    }
                } else if (job.isPresent()) {
                    inserts.add(job.get());
                    err.println(
                            "[OK] "
                                    + where(script, statement)
                                    + ": "
                                    + summary(statement)
                                    + " submitted as Flink job "
                                    + job.get().getJobID());
                } else if (result.getResolvedSchema().getColumnCount() > 0
                        && !keyword.equals("CREATE")
                        && !keyword.equals("DROP")
                        && !keyword.equals("ALTER")
                        && !keyword.equals("USE")) {
                    print(result, out); // SHOW, DESCRIBE, EXPLAIN
                } else {
                    err.println("[OK] " + where(script, statement) + ": " + summary(statement));
                }
            } catch (Exception e) {
                err.println(Errors.describe(script, statement, e));
                return 1;
            }
        }
        return 0;
    }

    /** Flink's tableau: a streaming query's rows as they come, with their kind. */
    private static void print(TableResult result, PrintStream out) {
        PrintStream stdout = System.out;
        if (out == stdout) {
            result.print();
            return;
        }
        // TableResult.print() writes to System.out; tests pass a stream of their own.
        System.setOut(out);
        try {
            result.print();
        } finally {
            System.setOut(stdout);
        }
    }

    private static boolean isQuery(String keyword) {
        return keyword.equals("SELECT")
                || keyword.equals("WITH")
                || keyword.equals("VALUES")
                || keyword.equals("TABLE");
    }

    static String where(SqlScript script, SqlScript.Statement statement) {
        return script.name() + ":" + statement.line();
    }

    /** The statement's first words, e.g. {@code CREATE TABLE clicks}, for the console. */
    static String summary(SqlScript.Statement statement) {
        String oneLine = statement.text().replaceAll("\\s+", " ").strip();
        int cut = oneLine.indexOf('(');
        String head = cut > 0 ? oneLine.substring(0, cut).strip() : oneLine;
        String[] words = head.split(" ");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(words.length, 4); i++) {
            s.append(i == 0 ? "" : " ").append(words[i]);
        }
        return s.toString();
    }
}
