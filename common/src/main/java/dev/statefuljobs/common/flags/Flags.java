package dev.statefuljobs.common.flags;

import java.time.Duration;
import java.util.List;

/**
 * The flags every job shares, declared once. A job's own flags (e.g. {@code --window}) are declared
 * beside its dataflow and listed in its catalog entry; {@link #ALLOWED_LATENESS} and {@link
 * #INITIAL_STATE} are declared here because several jobs list them (the windowed jobs, the jobs
 * with per-key state). {@code --help} and {@code docs/flags.md} are printed from these
 * declarations.
 */
public final class Flags {

    private Flags() {}

    /**
     * How a parsed watermark is emitted: after every event that advances it, or on Flink's periodic
     * timer.
     */
    public enum WatermarkEmission {
        PER_EVENT,
        PERIODIC
    }

    /** {@code --delivery} of the Kafka sink. */
    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    /** {@code --starting-offsets} of the Kafka source. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        COMMITTED
    }

    /** {@code --latency}: what the network buffers and the Kafka producer are tuned for. */
    public enum Latency {
        LOW,
        THROUGHPUT
    }

    /** {@code --state-backend}: Flink's {@code state.backend.type}. */
    public enum StateBackend {
        HASHMAP,
        ROCKSDB
    }

    // ---- Every job: where events come from, where results go, event time.

    public static final Flag<String> SOURCE =
            Flag.text(
                            "source",
                            "sample",
                            "sample|file|socket|generator|kafka",
                            "Where events come from. sample: the job's seed data, embedded in the jar (sample-late: its late variant, "
                                    + "where a job has one); file: --input; socket: --host:--port; generator: synthetic events of the "
                                    + "job's format; kafka: --topic.")
                    .checked(Flags::sourceKind)
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<SinkKind> SINK =
            Flag.choice(
                            "sink",
                            SinkKind.class,
                            SinkKind.PRINT,
                            "Where outputs go. print: results to stdout, dead letters and late records to stderr; file: JSON Lines "
                                    + "under --output; discard: nowhere (benchmarks); kafka: one topic per output.")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<Integer> PARALLELISM =
            Flag.integer("parallelism", null, "Parallelism of the job.")
                    .defaultDescribedAs("from config (1)")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<StateBackend> STATE_BACKEND =
            Flag.choice("state-backend", StateBackend.class, null, "Flink's state.backend.type.")
                    .defaultDescribedAs("from config (hashmap)")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<Latency> LATENCY =
            Flag.choice(
                            "latency",
                            Latency.class,
                            null,
                            "low: network buffers between tasks are sent after at most 1 ms (Flink's default: 100 ms) and the "
                                    + "Kafka sink's producer sends at once (linger.ms=0; Kafka's default: 5 ms); "
                                    + "throughput: Flink's and Kafka's defaults. Both measured in docs/benchmarks.md. A "
                                    + "-Dexecution.buffer-timeout.interval or a linger.ms in --kafka-properties wins.")
                    .defaultDescribedAs("low with --source kafka, else throughput")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<String> WEB_UI =
            Flag.text(
                            "web-ui",
                            "8081",
                            "PORT|off",
                            "Web UI port of a local run. off: no UI, and the REST endpoint that a MiniCluster always starts binds a "
                                    + "free port instead of 8081. Ignored when the job is submitted to a cluster.")
                    .checked(Flags::portOrOff)
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<Duration> OUT_OF_ORDERNESS =
            Flag.duration(
                            "out-of-orderness",
                            Duration.ZERO,
                            "Watermark bound: how far behind the newest event an event may arrive and still be on time.")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<Duration> IDLE_TIMEOUT =
            Flag.duration(
                            "idle-timeout",
                            Duration.ofSeconds(30),
                            "An input split (a file, a Kafka partition) without events for this long stops holding the watermark "
                                    + "back.")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<WatermarkEmission> WATERMARKS =
            Flag.choice(
                            "watermarks",
                            WatermarkEmission.class,
                            null,
                            "per-event emits the watermark after every event, so a replay of a file is exactly reproducible; "
                                    + "periodic is cheaper at high rates.")
                    .defaultDescribedAs("per-event for samples, else periodic")
                    .onlyWith(Scope.EVERY_JOB);

    public static final Flag<Integer> MAX_RECORD_BYTES =
            Flag.integer(
                            "max-record-bytes",
                            1 << 20,
                            "Larger records are refused as dead letters before they are parsed.")
                    .onlyWith(Scope.EVERY_JOB);

    // ---- Sources.

    public static final Flag<String> INPUT =
            Flag.text(
                            "input",
                            null,
                            "PATH",
                            "JSON Lines file or directory. Bounded: at its end, pending windows and timers flush and the job exits.")
                    .onlyWith(Scope.source("file"));

    public static final Flag<String> HOST =
            Flag.text("host", "localhost", "HOST", "Host of the socket source (e.g. nc -lk 9999).")
                    .onlyWith(Scope.source("socket"));

    public static final Flag<Integer> PORT =
            Flag.integer("port", 9999, "Port of the socket source.")
                    .onlyWith(Scope.source("socket"));

    public static final Flag<Long> EVENTS =
            Flag.longInteger(
                            "events",
                            1000,
                            "How many events; the job ends after them. 0: unbounded.")
                    .onlyWith(Scope.source("generator"));

    public static final Flag<Double> RATE =
            Flag.decimal("rate", 0, "Events per second over all subtasks; 0: as fast as possible.")
                    .onlyWith(Scope.source("generator"));

    public static final Flag<Integer> KEYS =
            Flag.integer("keys", 100, "Distinct keys (users user1..userN).")
                    .onlyWith(Scope.source("generator"));

    public static final Flag<Long> SEED =
            Flag.longInteger(
                            "seed",
                            42,
                            "The same seed gives the same events, whatever the parallelism.")
                    .onlyWith(Scope.source("generator"));

    public static final Flag<Double> LATE_FRACTION =
            Flag.decimal(
                            "late-fraction",
                            0,
                            "Share of events (0 to 1) whose time is pushed back by --out-of-orderness plus --late-by, so they arrive "
                                    + "late.")
                    .onlyWith(Scope.source("generator"));

    public static final Flag<Duration> LATE_BY =
            Flag.duration(
                            "late-by",
                            Duration.ofMinutes(5),
                            "How far behind the watermark bound late events are.")
                    .onlyWith(Scope.source("generator"));

    // ---- Kafka, source and sink.

    public static final Flag<String> BOOTSTRAP_SERVERS =
            Flag.text("bootstrap-servers", "localhost:9092", "HOST:PORT,...", "Kafka brokers.")
                    .onlyWith(Scope.KAFKA);

    public static final Flag<String> KAFKA_PROPERTIES =
            Flag.text(
                            "kafka-properties",
                            null,
                            "PATH",
                            "A .properties file of extra Kafka client settings (SASL, TLS, ...), read when the job is built. Keep "
                                    + "it out of the repository.")
                    .onlyWith(Scope.KAFKA);

    public static final Flag<String> TOPIC =
            Flag.text(
                            "topic",
                            null,
                            "TOPIC",
                            "Topic the Kafka source reads. Records are parsed in the source: event time comes from the payload, "
                                    + "watermarks are per partition, and an empty partition goes idle after --idle-timeout.")
                    .defaultDescribedAs("the job's event type, e.g. clicks")
                    .onlyWith(Scope.source("kafka"));

    public static final Flag<String> GROUP_ID =
            Flag.text(
                            "group-id",
                            null,
                            "ID",
                            "Consumer group; offsets are committed to it on checkpoints.")
                    .defaultDescribedAs("the job's name")
                    .onlyWith(Scope.source("kafka"));

    public static final Flag<StartingOffsets> STARTING_OFFSETS =
            Flag.choice(
                            "starting-offsets",
                            StartingOffsets.class,
                            StartingOffsets.EARLIEST,
                            "Where a fresh start reads from (a restore from a checkpoint or savepoint resumes where it was). "
                                    + "committed falls back to earliest for partitions without a committed offset.")
                    .onlyWith(Scope.source("kafka"));

    public static final Flag<Boolean> BOUNDED =
            Flag.toggle(
                            "bounded",
                            "Stop at the offsets that were the latest when the job started: pending windows and timers flush and "
                                    + "the job exits (CI, backfills).")
                    .onlyWith(Scope.source("kafka"));

    public static final Flag<String> OUTPUT_TOPIC =
            Flag.text(
                            "output-topic",
                            null,
                            "TOPIC",
                            "Topic of the results. Late records go to <output-topic>.late.")
                    .defaultDescribedAs("the job's name")
                    .onlyWith(Scope.sink(SinkKind.KAFKA));

    public static final Flag<String> DLQ_TOPIC =
            Flag.text(
                            "dlq-topic",
                            null,
                            "TOPIC",
                            "Topic of the dead letters (raw record and reason).")
                    .defaultDescribedAs("<output-topic>.dlq")
                    .onlyWith(Scope.sink(SinkKind.KAFKA));

    public static final Flag<Delivery> DELIVERY =
            Flag.choice(
                            "delivery",
                            Delivery.class,
                            Delivery.EXACTLY_ONCE,
                            "exactly-once: Kafka transactions committed on checkpoints; at-least-once: plain writes flushed on "
                                    + "checkpoints (duplicates possible after a restart).")
                    .onlyWith(Scope.sink(SinkKind.KAFKA));

    public static final Flag<String> TRANSACTIONAL_ID_PREFIX =
            Flag.text(
                            "transactional-id-prefix",
                            null,
                            "PREFIX",
                            "Prefix of the Kafka transactional ids; each output adds .results, .dead-letters or .late. Must be unique "
                                    + "per job on a cluster and stable across restarts.")
                    .defaultDescribedAs("<job>-<output-topic>")
                    .onlyWith(Scope.sink(SinkKind.KAFKA));

    // ---- File sink.

    public static final Flag<String> OUTPUT =
            Flag.text(
                            "output",
                            null,
                            "DIR",
                            "Directory of the file sink: results/, dead-letters/ and late/ hold JSON Lines part files, committed on "
                                    + "checkpoints.")
                    .defaultDescribedAs("output/<job>")
                    .onlyWith(Scope.sink(SinkKind.FILE));

    // ---- Listed by the jobs that have them.

    public static final Flag<Duration> ALLOWED_LATENESS =
            Flag.duration(
                    "allowed-lateness",
                    Duration.ZERO,
                    "The grace period after a window was emitted. A record late by less updates its window, which is "
                            + "emitted again with \"update\":true; a later one goes to the late output.");

    public static final Flag<String> INITIAL_STATE =
            Flag.text(
                    "initial-state",
                    null,
                    "PATH",
                    "A JSON Lines file of the state that keys start with, one row per key (Spark's initialState; the "
                            + "job's row form is in docs/porting-from-spark.md). Applied once, when the job starts "
                            + "without a checkpoint or savepoint; a restore ignores it. A local path, file://, or a "
                            + "cluster file system (every TaskManager reads it). A bad line, or two rows for one key, "
                            + "fails the job before it starts.");

    /** Every flag shared by all jobs, in the order help and docs list them. */
    public static final List<Flag<?>> SHARED =
            List.of(
                    SOURCE,
                    SINK,
                    PARALLELISM,
                    STATE_BACKEND,
                    LATENCY,
                    WEB_UI,
                    OUT_OF_ORDERNESS,
                    IDLE_TIMEOUT,
                    WATERMARKS,
                    MAX_RECORD_BYTES,
                    INPUT,
                    HOST,
                    PORT,
                    EVENTS,
                    RATE,
                    KEYS,
                    SEED,
                    LATE_FRACTION,
                    LATE_BY,
                    BOOTSTRAP_SERVERS,
                    KAFKA_PROPERTIES,
                    TOPIC,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    BOUNDED,
                    OUTPUT_TOPIC,
                    DLQ_TOPIC,
                    DELIVERY,
                    TRANSACTIONAL_ID_PREFIX,
                    OUTPUT);

    /**
     * The {@link #LATENCY} a job runs with: as given, else low for a Kafka source, the one source
     * whose records arrive one by one while someone waits for the results.
     */
    public static Latency latency(JobFlags flags) {
        return flags.find(LATENCY)
                .orElse("kafka".equals(flags.get(SOURCE)) ? Latency.LOW : Latency.THROUGHPUT);
    }

    private static void sourceKind(String value) {
        if (!List.of("sample", "file", "socket", "generator", "kafka").contains(value)
                && !value.startsWith("sample-")) {
            throw new IllegalArgumentException("one of sample|file|socket|generator|kafka");
        }
    }

    private static void portOrOff(String value) {
        if (!value.equalsIgnoreCase("off") && !value.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("a port number or 'off'");
        }
    }
}
