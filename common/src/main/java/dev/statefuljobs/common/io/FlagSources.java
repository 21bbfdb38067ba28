package dev.statefuljobs.common.io;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.generator.LineGenerator;
import dev.statefuljobs.common.job.Sinks;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.job.StreamingJob;
import dev.statefuljobs.common.watermark.ParsedEventTime;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The sources chosen by {@code --source}. Each yields the job's events with the event time and
 * watermarks of the job's own {@link WatermarkStrategy}, and sends what does not parse to the
 * dead-letter output, so a job does not care where its events come from.
 *
 * <ul>
 *   <li>{@code sample} (and variants such as {@code sample-late}): the job's example data, embedded
 *       in the jar.
 *   <li>{@code file}: JSON Lines from {@code --input} (a file or a directory), bounded.
 *   <li>{@code socket}: lines from {@code --host}:{@code --port}, as the seed's {@code
 *       format("socket")}.
 *   <li>{@code generator}: synthetic JSON lines of the job's format ({@link LineGenerator}),
 *       bounded by {@code --events} unless it is 0.
 *   <li>{@code kafka}: {@code --topic} on {@code --bootstrap-servers}. Records are parsed inside
 *       the source, so watermarks are generated per partition and an idle partition stops holding
 *       them back after {@code --idle-timeout}. {@code --bounded} stops at the offsets that were
 *       latest at start.
 * </ul>
 *
 * Line sources (all but Kafka) are parsed right after the source and get their watermarks there.
 * Operator uids are derived from the input's event type ({@code clicks-source}, {@code
 * clicks-watermarks}, ...), so a job may read more than one input.
 */
public final class FlagSources implements Sources {

    private final StreamExecutionEnvironment env;
    private final StreamingJob job;
    private final JobFlags flags;
    private final Sinks sinks;
    private final String kind;
    private final boolean perEventWatermarks;

    public FlagSources(
            StreamExecutionEnvironment env, StreamingJob job, JobFlags flags, Sinks sinks) {
        this.env = env;
        this.job = job;
        this.flags = flags;
        this.sinks = sinks;
        this.kind = flags.get(Flags.SOURCE);
        if ("file".equals(kind) && flags.get(Flags.INPUT) == null) {
            throw new IllegalArgumentException(
                    "--source file needs --input PATH (a JSON Lines file or directory)");
        }
        // A sample should replay exactly the same way every run.
        this.perEventWatermarks =
                flags.find(Flags.WATERMARKS)
                                .orElse(
                                        isSample()
                                                ? Flags.WatermarkEmission.PER_EVENT
                                                : Flags.WatermarkEmission.PERIODIC)
                        == Flags.WatermarkEmission.PER_EVENT;
    }

    @Override
    public StreamExecutionEnvironment environment() {
        return env;
    }

    public boolean isSample() {
        return kind.startsWith("sample");
    }

    /** The topic the Kafka source reads: {@code --topic}, or the job's. */
    public static String topic(StreamingJob job, JobFlags flags) {
        return flags.find(Flags.TOPIC).orElse(job.topic());
    }

    /**
     * Reads the source and parses it into events and dead letters, with timestamps and watermarks
     * from {@code eventTime}. A replay (per-event watermarks) reads a file with one reader, in
     * order, so that which records are late is the same in every run; the returned stream may then
     * have a lower parallelism than the job: key it first, or keep a stateless step before {@code
     * keyBy} at the stream's parallelism, since a rebalance would reorder each key's records.
     */
    @Override
    public <E> DataStream<E> events(EventFormat<E> format, WatermarkStrategy<E> eventTime) {
        RecordParser<E> parser =
                new RecordParser<>(
                        format, job.name() + "/" + kind, flags.get(Flags.MAX_RECORD_BYTES));
        WatermarkStrategy<Parsed<E>> watermarks =
                ParsedEventTime.of(eventTime, perEventWatermarks, flags.get(Flags.IDLE_TIMEOUT));
        String input = uidOf(format);
        DataStream<Parsed<E>> parsed = read(parser, watermarks, input);
        // Same parallelism as the watermarks, so that no rebalance reorders records against
        // watermarks.
        SingleOutputStreamOperator<E> events =
                parsed.process(new RouteDeadLetters<E>())
                        .returns(format.type())
                        .setParallelism(parsed.getParallelism())
                        .name("route dead letters")
                        .uid(input + "-route-dead-letters");
        sinks.deadLetters(events.getSideOutput(RouteDeadLetters.DEAD_LETTERS));
        return events;
    }

    private <E> DataStream<Parsed<E>> read(
            RecordParser<E> parser, WatermarkStrategy<Parsed<E>> watermarks, String input) {
        if ("kafka".equals(kind)) {
            // Parsed in the source, so the web UI shows one operator that reads and parses.
            return env.fromSource(
                            kafkaSource(parser),
                            watermarks,
                            parser.format().name() + " from Kafka, parsed per partition")
                    .uid(input + "-source");
        }
        // Files are parsed from the bytes of each line; the other line sources yield Strings.
        DataStream<Parsed<E>> parsed =
                "file".equals(kind)
                        ? parse(fileLines(parser, input), parser::parseLine, parser)
                        : parse(lines(parser, input), parser::parse, parser);
        // Parse and stamp event time in the source's own tasks (chained, same parallelism): a
        // rebalance in between would reorder a sequential source, and every replay of a file must
        // see one order.
        return parsed.assignTimestampsAndWatermarks(watermarks)
                .name("event time and watermarks")
                .uid(input + "-watermarks")
                .setParallelism(parsed.getParallelism());
    }

    private static <L, E> SingleOutputStreamOperator<Parsed<E>> parse(
            DataStream<L> lines, MapFunction<L, Parsed<E>> parse, RecordParser<E> parser) {
        return lines.map(parse)
                .returns(Parsed.typeOf(parser.format().type()))
                .name("parse " + parser.format().name())
                .setParallelism(lines.getParallelism());
    }

    /** The lines of {@code --input}, as bytes ({@link ByteLineFormat}). */
    private DataStream<byte[]> fileLines(RecordParser<?> parser, String input) {
        String path = flags.get(Flags.INPUT);
        FileSource<byte[]> files =
                FileSource.forRecordStreamFormat(
                                new ByteLineFormat(),
                                new Path(new File(path).getAbsoluteFile().toURI()))
                        .build();
        SingleOutputStreamOperator<byte[]> lines =
                env.fromSource(
                                files,
                                WatermarkStrategy.noWatermarks(),
                                parser.format().name() + " (" + path + ")")
                        .uid(input + "-source");
        // A replay needs one watermark generator that sees the lines in order: a second reader
        // without a split would also hold the watermark back until it finishes, a race. Keyed
        // operators stay parallel.
        return perEventWatermarks ? lines.setParallelism(1) : lines;
    }

    private DataStream<String> lines(RecordParser<?> parser, String input) {
        String what = parser.format().name();
        if (isSample()) {
            String resource =
                    "samples/" + job.sample() + kind.substring("sample".length()) + ".jsonl";
            // One reader, so the sample replays in file order (fromData would spread it over the
            // job's parallelism).
            return env.fromData(readResource(resource), Types.STRING)
                    .name(what + " (" + resource + ")")
                    .uid(input + "-source")
                    .setParallelism(1);
        }
        if ("generator".equals(kind)) {
            return generated(parser, input);
        }
        String host = flags.get(Flags.HOST);
        int port = flags.get(Flags.PORT);
        // Flink 2.2 still has no non-legacy socket source; socketTextStream is the supported API
        // for it.
        return env.socketTextStream(host, port)
                .name(what + " (socket " + host + ":" + port + ")")
                .uid(input + "-source");
    }

    private DataStream<String> generated(RecordParser<?> parser, String input) {
        long events = flags.get(Flags.EVENTS);
        double rate = flags.get(Flags.RATE);
        Duration lateBy = flags.get(Flags.LATE_BY);
        if (events < 0 || rate < 0) {
            throw new IllegalArgumentException("--events and --rate must not be negative");
        }
        LineGenerator generator =
                new LineGenerator(
                        parser.format().generator(),
                        flags.get(Flags.SEED),
                        flags.get(Flags.KEYS),
                        flags.get(Flags.LATE_FRACTION),
                        flags.get(Flags.OUT_OF_ORDERNESS).plus(lateBy));
        DataGeneratorSource<String> source =
                new DataGeneratorSource<>(
                        generator::line,
                        events == 0 ? Long.MAX_VALUE : events,
                        rate == 0
                                ? RateLimiterStrategy.noOp()
                                : RateLimiterStrategy.perSecond(rate),
                        Types.STRING);
        // One reader: DataGeneratorSource splits the index range into one block per reader, which
        // would start each
        // block's event times far apart (hours for large runs, centuries when unbounded). A single
        // reader emits
        // the events in index order, as the Generate CLI prints them, and is fast (about 1M
        // lines/s); parsing and
        // everything after it run at the job's parallelism.
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        parser.format().name()
                                + " (generator"
                                + (events == 0 ? "" : ", " + events + " events")
                                + ")")
                .setParallelism(1)
                .uid(input + "-source");
    }

    // OffsetsInitializer.committedOffsets still takes kafka-clients' OffsetResetStrategy,
    // deprecated in 4.x.
    @SuppressWarnings("deprecation")
    private <E> KafkaSource<Parsed<E>> kafkaSource(RecordParser<E> parser) {
        KafkaConnection kafka = KafkaConnection.fromFlags(flags);
        Flags.StartingOffsets offsets = flags.get(Flags.STARTING_OFFSETS);
        KafkaSourceBuilder<Parsed<E>> builder =
                KafkaSource.<Parsed<E>>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setProperties(kafka.properties())
                        .setTopics(topic(job, flags))
                        .setGroupId(flags.find(Flags.GROUP_ID).orElse(job.name()))
                        .setStartingOffsets(
                                offsets == Flags.StartingOffsets.LATEST
                                        ? OffsetsInitializer.latest()
                                        : offsets == Flags.StartingOffsets.COMMITTED
                                                ? OffsetsInitializer.committedOffsets(
                                                        OffsetResetStrategy.EARLIEST)
                                                : OffsetsInitializer.earliest())
                        .setDeserializer(new ParsingKafkaDeserializer<>(parser));
        if (flags.get(Flags.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** An input's uid prefix: its event type, e.g. {@code clicks} or {@code sensor-readings}. */
    private static String uidOf(EventFormat<?> format) {
        return format.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static List<String> readResource(String resource) {
        InputStream in = FlagSources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("No sample data '" + resource + "' in the jar");
        }
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
