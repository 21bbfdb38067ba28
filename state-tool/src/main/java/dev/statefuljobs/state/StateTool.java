package dev.statefuljobs.state;

import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.job.StreamingJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/state.sh}: a job's keyed state as JSON Lines, from a savepoint or retained
 * checkpoint ({@code read}), and a savepoint from JSON Lines that the job starts from ({@code
 * bootstrap}). Both are Flink programs on the State Processor API: run with plain {@code java} they
 * execute in a local MiniCluster, and submitted with {@code scripts/flink run
 * state-tool/target/state-tool.jar read ...} they run on the cluster, where {@code read --output
 * DIR} writes the lines there instead of sending them to the client.
 *
 * <p>Which operators a job has and how they keep their state is in {@link JobStates}; what a user
 * can get wrong (an unknown job, a path that is not a savepoint, a uid that is not in it, a bad
 * input line) is one sentence on stderr and exit status 1 (2 for a usage error), not a stack trace.
 */
public final class StateTool {

    private static final Logger LOG = LoggerFactory.getLogger(StateTool.class);

    /** The max parallelism the jobs get by default for parallelism up to 85. */
    static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Bad lines reported before giving up on the rest: the first ones are enough to fix a file. */
    private static final int MAX_REPORTED_LINES = 20;

    private StateTool() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (StateToolException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (options.help) {
            out.println(usage());
            return 0;
        }
        try {
            switch (options.command) {
                case "read" -> {
                    if (options.output != null) {
                        readTo(options, options.output);
                        err.println("Wrote the state to " + options.output);
                    } else {
                        read(options).forEach(out::println);
                    }
                }
                case "bootstrap" -> {
                    int rows = bootstrap(options);
                    err.println(
                            "Wrote a savepoint of "
                                    + rows
                                    + (rows == 1 ? " key" : " keys")
                                    + " to "
                                    + options.out
                                    + "; start the job from it with -s "
                                    + options.out
                                    + " (scripts/flink run) or --from-savepoint "
                                    + options.out
                                    + " (scripts/run-local.sh).");
                }
                case "sql" -> SqlStatements.run(options.statements(), out);
                default -> throw new IllegalStateException(options.command);
            }
            return 0;
        } catch (StateToolException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(
                    "error: "
                            + options.command
                            + " failed: "
                            + rootMessage(e)
                            + " (the full trace is in the tool's log)");
            LOG.error("{} failed", options.command, e);
            return 1;
        }
    }

    // --- read ---

    /** The state's lines, sorted (they start with the key), collected into the client. */
    static List<String> read(Options options) throws Exception {
        StreamExecutionEnvironment env = environment();
        List<String> lines = new ArrayList<>();
        // Closed by hand: try-with-resources would warn that close() may throw
        // InterruptedException (CloseableIterator#close throws Exception).
        CloseableIterator<String> it =
                readStream(env, options).executeAndCollect(jobName("read", options));
        try {
            it.forEachRemaining(lines::add);
        } finally {
            it.close();
        }
        lines.sort(null);
        return lines;
    }

    /** Writes the state's lines as part files into {@code dir} (any Flink file system). */
    static void readTo(Options options, String dir) throws Exception {
        Path target = new Path(dir);
        if (target.getFileSystem().exists(target)) {
            throw new StateToolException(
                    dir + " already exists: pass a new directory to --output.");
        }
        StreamExecutionEnvironment env = environment();
        readStream(env, options).sinkTo(new LineFiles(dir)).name("JSON lines to " + dir);
        env.execute(jobName("read", options));
    }

    private static DataStream<String> readStream(StreamExecutionEnvironment env, Options options)
            throws IOException {
        StreamingJob job = JobStates.job(options.job);
        OperatorLayout layout = layout(job, options);
        CheckpointMetadata metadata = SavepointFiles.load(options.path);
        OperatorState operator = SavepointFiles.operator(metadata, options.path, layout.uid());
        checkStateNames(operator, layout, job, options.path);
        StateBackend backend = backend(options.backend, SavepointFiles.isRocksDbNative(operator));
        return layout.read(SavepointReader.read(env, options.path, backend));
    }

    /**
     * Names that differ mean another job or other flags wrote the savepoint; reading would print
     * nothing, silently.
     */
    private static void checkStateNames(
            OperatorState operator, OperatorLayout layout, StreamingJob job, String path)
            throws IOException {
        Map<String, SavepointFiles.KeyedState> found =
                SavepointFiles.keyedStates(
                        operator, Thread.currentThread().getContextClassLoader());
        if (!found.isEmpty() && !found.keySet().containsAll(layout.keyedStates())) {
            throw new StateToolException(
                    "Operator '"
                            + layout.uid()
                            + "' in "
                            + path
                            + " keeps the states "
                            + found.keySet()
                            + ", not the "
                            + layout.keyedStates()
                            + " of "
                            + job.name()
                            + " (was it written by another version of the job, or with other"
                            + " flags?).");
        }
    }

    // --- bootstrap ---

    /**
     * Checks every line of {@code --from}, then writes the savepoint to a temporary directory next
     * to {@code --out} and moves it into place: a bad line or a failed write leaves nothing behind.
     */
    static int bootstrap(Options options) throws Exception {
        StreamingJob job = JobStates.job(options.job);
        OperatorLayout layout = layout(job, options);
        RowFormat format = layout.rowFormat();
        if (format == null) {
            throw new StateToolException(
                    "bootstrap is not supported for "
                            + job.name()
                            + " (operator "
                            + layout.uid()
                            + "): "
                            + layout.whyNoBootstrap()
                            + (layout.whyNoBootstrap().endsWith(".") ? "" : "."));
        }
        List<String> lines = checkedLines(options.from, format);
        Path out = new Path(options.out);
        FileSystem fs = out.getFileSystem();
        if (fs.exists(out)) {
            throw new StateToolException(
                    options.out + " already exists: bootstrap writes a new savepoint directory.");
        }
        Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
        try {
            StreamExecutionEnvironment env = environment();
            int maxParallelism = options.maxParallelism;
            DataStream<String> rows = env.fromData(lines).name(options.from);
            SavepointWriter.newSavepoint(env, backend(options.backend, false), maxParallelism)
                    .withOperator(
                            OperatorIdentifier.forUid(layout.uid()),
                            layout.bootstrap(rows, maxParallelism))
                    .write(tmp.toString());
            env.execute(jobName("bootstrap", options));
            if (!fs.rename(tmp, out)) {
                throw new IOException("could not move " + tmp + " to " + out);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        }
        return lines.size();
    }

    /**
     * The non-blank lines of {@code file}, each parsed; a bad line or a key seen before fails the
     * lot with their line numbers and reasons.
     */
    static List<String> checkedLines(String file, RowFormat format) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        int number = 0;
        try (BufferedReader in = Files.newBufferedReader(Paths.get(file), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    String key = format.parseKey(line);
                    Integer first = firstLineOfKey.putIfAbsent(key, number);
                    if (first != null) {
                        throw new InvalidRecordException(
                                "key '" + key + "' appears twice (first on line " + first + ")");
                    }
                    lines.add(line);
                } catch (InvalidRecordException e) {
                    problems.add(file + ":" + number + ": " + e.getMessage());
                    if (problems.size() == MAX_REPORTED_LINES) {
                        problems.add("... (stopped after " + MAX_REPORTED_LINES + " bad lines)");
                        break;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new StateToolException("No state file " + file + ": it does not exist.");
        } catch (CharacterCodingException e) {
            throw new StateToolException(
                    file + ":" + (number + 1) + ": not UTF-8 text; nothing was written.");
        }
        if (!problems.isEmpty()) {
            throw new StateToolException(
                    String.join("\n", problems)
                            + "\n"
                            + problems.size()
                            + (problems.size() == 1 ? " bad line" : " bad lines")
                            + " in "
                            + file
                            + " (a row has the fields "
                            + format.fieldNames()
                            + "); nothing was written.");
        }
        if (lines.isEmpty()) {
            throw new StateToolException(file + " has no state rows; nothing was written.");
        }
        return lines;
    }

    // --- shared ---

    /** The operator that {@code --operator} names, or the job's main one, if the tool knows it. */
    private static OperatorLayout layout(StreamingJob job, Options options) {
        OperatorLayout layout = JobStates.find(job, flags(job, options), options.operator);
        if (layout instanceof OperatorLayout.Unsupported unsupported) {
            throw new StateToolException(unsupported.sentence());
        }
        return layout;
    }

    private static JobFlags flags(StreamingJob job, Options options) {
        try {
            return JobFlags.parse(job.name(), job.flags(), options.jobArgs.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            throw new StateToolException(e.getMessage());
        }
    }

    /**
     * The environment the program runs in: the cluster's when submitted with {@code flink run}, a
     * local MiniCluster otherwise (its REST endpoint on a free port, never the cluster's 8081).
     */
    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /**
     * hashmap reads and writes canonical savepoints (of either backend) and full checkpoints;
     * RocksDB's own files (incremental checkpoints, native savepoints) need rocksdb.
     */
    private static StateBackend backend(String choice, boolean rocksDbNative) {
        String name =
                choice == null || choice.equals("auto")
                        ? (rocksDbNative ? "rocksdb" : "hashmap")
                        : choice;
        return name.equals("rocksdb")
                ? new EmbeddedRocksDBStateBackend()
                : new HashMapStateBackend();
    }

    private static String jobName(String command, Options options) {
        return "state " + command + " " + options.job;
    }

    /** The innermost message of a failure, which is what the user can act on. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank()
                ? root.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("").replaceAll("[.\\s]+$", "");
    }

    /** One line; {@code scripts/state.sh --help} has the whole story. */
    static String usage() {
        return "usage: scripts/state.sh read <savepoint|checkpoint> --job <job> ... |"
                + " bootstrap --job <job> --from <state.jsonl> --out <dir> ... | sql -f <file>"
                + "   (--help: all of it)";
    }

    /** The command line: the tool's own options; everything else is the job's flags. */
    static final class Options {
        String command;
        String path;
        String job;
        String operator;
        String from;
        String out;
        String output;
        String backend;
        String sqlFile;
        String sqlText;
        int maxParallelism = DEFAULT_MAX_PARALLELISM;
        boolean help;
        final List<String> jobArgs = new ArrayList<>();

        static Options parse(String... args) {
            Options o = new Options();
            if (args.length == 0) {
                throw new StateToolException("a command is required: read, bootstrap or sql");
            }
            int i = 0;
            o.command = args[i++];
            if (o.command.equals("--help") || o.command.equals("-h")) {
                o.help = true;
                return o;
            }
            if (o.command.equals("sql")) {
                return sql(o, args, i);
            }
            if (!o.command.equals("read") && !o.command.equals("bootstrap")) {
                throw new StateToolException(
                        "unknown command '" + o.command + "': use read, bootstrap or sql");
            }
            if (o.command.equals("read") && i < args.length && !args[i].startsWith("-")) {
                o.path = args[i++];
            }
            for (; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--job" -> o.job = value(args, i++);
                    case "--operator" -> o.operator = value(args, i++);
                    case "--from" -> o.from = value(args, i++);
                    case "--out" -> o.out = value(args, i++);
                    case "--output" -> o.output = value(args, i++);
                    case "--state-backend" -> o.backend = backendChoice(value(args, i++));
                    case "--max-parallelism" -> o.maxParallelism = maxParallelism(value(args, i++));
                    default -> o.jobArgs.add(a);
                }
            }
            o.path = absolute(o.path);
            o.out = absolute(o.out);
            o.output = absolute(o.output);
            if (o.help) {
                return o;
            }
            if (o.job == null) {
                throw new StateToolException(o.command + " needs --job <job>");
            }
            if (o.command.equals("read")) {
                if (o.path == null) {
                    throw new StateToolException(
                            "read needs the savepoint or checkpoint path first: read <path> --job <job>");
                }
                if (o.from != null || o.out != null) {
                    throw new StateToolException(
                            "--from and --out are bootstrap's; read takes --output");
                }
            } else {
                if (o.from == null || o.out == null) {
                    throw new StateToolException(
                            "bootstrap needs --from <state.jsonl> and --out <dir>");
                }
                if (o.output != null) {
                    throw new StateToolException("--output is read's; bootstrap writes to --out");
                }
            }
            return o;
        }

        /** {@code sql -f <file>} or {@code sql -e <statements>}. */
        private static Options sql(Options o, String[] args, int i) {
            for (; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> o.help = true;
                    case "-f", "--file" -> o.sqlFile = value(args, i++);
                    case "-e", "--execute" -> {
                        // SQL may start with a "--" comment: any next argument is the value.
                        if (i + 1 >= args.length) {
                            throw new StateToolException(args[i] + " needs a value");
                        }
                        o.sqlText = args[++i];
                    }
                    default ->
                            throw new StateToolException(
                                    "sql takes -f <file> or -e <statements>, not '"
                                            + args[i]
                                            + "'");
                }
            }
            if (!o.help && (o.sqlFile == null) == (o.sqlText == null)) {
                throw new StateToolException("sql needs one of -f <file> and -e <statements>");
            }
            return o;
        }

        /** The SQL of {@code -e}, or the content of {@code -f}'s file. */
        String statements() throws IOException {
            if (sqlText != null) {
                return sqlText;
            }
            try {
                return Files.readString(Paths.get(sqlFile), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new StateToolException("No SQL file " + sqlFile + ": it does not exist.");
            }
        }

        /**
         * A local path made absolute: Flink resolves savepoint paths without a cwd (and a relative
         * one has no parent directory for the temporary one); a URI stays as it is.
         */
        static String absolute(String path) {
            if (path == null || SavepointFiles.isUri(path)) {
                return path;
            }
            return Paths.get(path).toAbsolutePath().normalize().toString();
        }

        private static String value(String[] args, int i) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new StateToolException(args[i] + " needs a value");
            }
            return args[i + 1];
        }

        private static String backendChoice(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("auto") && !v.equals("hashmap") && !v.equals("rocksdb")) {
                throw new StateToolException(
                        "--state-backend is auto, hashmap or rocksdb, not '" + value + "'");
            }
            return v;
        }

        private static int maxParallelism(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1 && n <= 32768) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the sentence below
            }
            throw new StateToolException(
                    "--max-parallelism is a whole number from 1 to 32768, not '" + value + "'");
        }
    }
}
