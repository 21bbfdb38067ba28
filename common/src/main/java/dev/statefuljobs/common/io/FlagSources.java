package dev.statefuljobs.common.io;

import dev.statefuljobs.common.generator.LineGenerator;
import dev.statefuljobs.common.pipeline.JobOptions;
import dev.statefuljobs.common.pipeline.StreamingJob;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sources chosen by {@code --source}. Every one of them yields {@link Parsed} records with event-time
 * timestamps and watermarks from the one {@link WatermarkStrategy} the pipeline passes in, so a job does not
 * care where its events come from.
 * <ul>
 *   <li>{@code sample} (and variants such as {@code sample-late}): the job's example data, embedded in the jar.</li>
 *   <li>{@code file}: JSON Lines from {@code --input} (a file or a directory), bounded.</li>
 *   <li>{@code socket}: lines from {@code --host}:{@code --port}, as the seed's {@code format("socket")}.</li>
 *   <li>{@code generator}: synthetic JSON lines of the job's format ({@link LineGenerator}), bounded by
 *       {@code --events} unless it is 0.</li>
 *   <li>{@code kafka}: {@code --topic} on {@code --bootstrap-servers}. Records are parsed inside the source, so
 *       watermarks are generated per partition and an idle partition stops holding them back after
 *       {@code --idle-timeout}. {@code --bounded} stops at the offsets that were latest at start.</li>
 * </ul>
 * Line sources (all but Kafka) are parsed right after the source and get their watermarks there. The flags of
 * the generator and of Kafka are read only for their source, so that e.g. {@code --topic} with a file is refused.
 */
public final class FlagSources {

    private static final List<String> KINDS = List.of("sample", "file", "socket", "generator", "kafka");

    private final JobOptions options;
    private final StreamingJob job;
    private final String source;
    private final String input;
    private final String host;
    private final int port;

    public FlagSources(JobOptions options, StreamingJob job) {
        this.options = options;
        this.job = job;
        this.source = options.string("source", "sample");
        this.input = options.string("input", null);
        this.host = options.string("host", "localhost");
        this.port = options.integer("port", 9999);
        if (!isSample() && !KINDS.contains(source)) {
            throw new IllegalArgumentException("--source must be one of " + String.join("|", KINDS) + ", got '"
                    + source + "'");
        }
        if ("file".equals(source) && input == null) {
            throw new IllegalArgumentException("--source file needs --input PATH (a JSON Lines file or directory)");
        }
    }

    public String kind() {
        return source;
    }

    /** Sample data should replay exactly the same way every run (see BoundedLatenessWatermarks). */
    public boolean isSample() {
        return source.startsWith("sample");
    }

    /**
     * Reads the source and parses it into events and dead letters, with timestamps and watermarks from
     * {@code watermarks}. Source-specific flags are read here, so a flag of another source is refused as unknown.
     *
     * @param inOrder true for per-event watermarks (a replay): a file is then read by one reader, in order, so
     *                that which records are late is the same in every run.
     */
    public <E> DataStream<Parsed<E>> read(StreamExecutionEnvironment env, RecordParser<E> parser,
                                         WatermarkStrategy<Parsed<E>> watermarks, Duration outOfOrderness,
                                         boolean inOrder) {
        if ("kafka".equals(source)) {
            // Parsed in the source, so the web UI shows one operator that reads and parses.
            return env.fromSource(kafkaSource(parser), watermarks,
                    parser.format().name() + " from Kafka, parsed per partition").uid("source");
        }
        DataStream<String> lines = lines(env, parser, outOfOrderness, inOrder);
        // Parse and stamp event time in the source's own tasks (chained, same parallelism): a rebalance
        // in between would reorder a sequential source, and every replay of a file must see one order.
        int parallelism = lines.getParallelism();
        return lines
                .map(parser::parse).returns(Parsed.typeOf(parser.format().type()))
                .name("parse " + parser.format().name()).setParallelism(parallelism)
                .assignTimestampsAndWatermarks(watermarks).name("event time and watermarks").uid("watermarks")
                .setParallelism(parallelism);
    }

    private DataStream<String> lines(StreamExecutionEnvironment env, RecordParser<?> parser, Duration outOfOrderness,
                                     boolean inOrder) {
        String what = parser.format().name();
        if (isSample()) {
            String resource = "samples/" + job.sampleName() + source.substring("sample".length()) + ".jsonl";
            // One reader, so the sample replays in file order (fromData would spread it over the job's parallelism).
            return env.fromData(readResource(resource), Types.STRING).name(what + " (" + resource + ")").uid("source")
                    .setParallelism(1);
        }
        switch (source) {
            case "file": {
                FileSource<String> files = FileSource
                        .forRecordStreamFormat(new TextLineInputFormat(), new Path(new File(input).getAbsoluteFile().toURI()))
                        .build();
                SingleOutputStreamOperator<String> lines = env
                        .fromSource(files, WatermarkStrategy.noWatermarks(), what + " (" + input + ")").uid("source");
                // A replay needs one watermark generator that sees the lines in order: a second reader without a
                // split would also hold the watermark back until it finishes, a race. Keyed operators stay parallel.
                return inOrder ? lines.setParallelism(1) : lines;
            }
            case "generator":
                return generated(env, parser, outOfOrderness);
            default: {
                // Flink 2.2 still has no non-legacy socket source; socketTextStream is the supported API for it.
                return env.socketTextStream(host, port).name(what + " (socket " + host + ":" + port + ")").uid("source");
            }
        }
    }

    private DataStream<String> generated(StreamExecutionEnvironment env, RecordParser<?> parser, Duration outOfOrderness) {
        long events = options.longValue("events", 1000);
        double rate = options.decimal("rate", 0);
        Duration lateBy = options.duration("late-by", "5m");
        LineGenerator generator = new LineGenerator(parser.format().generator(), options.longValue("seed", 42),
                options.integer("keys", 100), options.decimal("late-fraction", 0), outOfOrderness.plus(lateBy));
        if (events < 0 || rate < 0) {
            throw new IllegalArgumentException("--events and --rate must not be negative");
        }
        DataGeneratorSource<String> source = new DataGeneratorSource<>(generator::line,
                events == 0 ? Long.MAX_VALUE : events,
                rate == 0 ? RateLimiterStrategy.noOp() : RateLimiterStrategy.perSecond(rate), Types.STRING);
        // One reader: DataGeneratorSource splits the index range into one block per reader, which would start each
        // block's event times far apart (hours for large runs, centuries when unbounded). A single reader emits
        // the events in index order, as the Generate CLI prints them, and is fast (about 1M lines/s); parsing and
        // everything after it run at the job's parallelism.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        parser.format().name() + " (generator" + (events == 0 ? "" : ", " + events + " events") + ")")
                .setParallelism(1).uid("source");
    }

    // OffsetsInitializer.committedOffsets still takes kafka-clients' OffsetResetStrategy, deprecated in 4.x.
    @SuppressWarnings("deprecation")
    private <E> KafkaSource<Parsed<E>> kafkaSource(RecordParser<E> parser) {
        KafkaConnection kafka = KafkaConnection.fromOptions(options);
        String topic = options.string("topic", job.defaultTopic());
        String offsets = options.choice("starting-offsets", "earliest", "earliest", "latest", "committed");
        KafkaSourceBuilder<Parsed<E>> builder = KafkaSource.<Parsed<E>>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.properties())
                .setTopics(topic)
                .setGroupId(options.string("group-id", job.name()))
                .setStartingOffsets("latest".equals(offsets) ? OffsetsInitializer.latest()
                        : "committed".equals(offsets) ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                        : OffsetsInitializer.earliest())
                .setDeserializer(new ParsingKafkaDeserializer<>(parser));
        if (options.flag("bounded")) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    static List<String> readResource(String resource) {
        InputStream in = FlagSources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("No sample data '" + resource + "' in the jar");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
