package dev.statefuljobs.common.io;

import dev.statefuljobs.common.pipeline.JobOptions;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sources chosen by {@code --source}. Every one of them yields {@link Parsed} records with event-time
 * timestamps and watermarks, so a job does not care where its events come from.
 * <ul>
 *   <li>{@code sample} (and variants such as {@code sample-late}): the job's example data, embedded in the jar.</li>
 *   <li>{@code file}: JSON Lines from {@code --input} (a file or a directory), bounded.</li>
 *   <li>{@code socket}: lines from {@code --host}:{@code --port}, as the seed's {@code format("socket")}.</li>
 * </ul>
 */
public final class FlagSources {

    private final String source;
    private final String input;
    private final String host;
    private final int port;
    private final String sampleName;

    public FlagSources(JobOptions options, String sampleName) {
        this.source = options.string("source", "sample");
        this.input = options.string("input", null);
        this.host = options.string("host", "localhost");
        this.port = options.integer("port", 9999);
        this.sampleName = sampleName;
        if (!isSample() && !List.of("file", "socket").contains(source)) {
            throw new IllegalArgumentException("--source must be sample|file|socket, got '" + source + "'");
        }
        if ("file".equals(source) && input == null) {
            throw new IllegalArgumentException("--source file needs --input PATH (a JSON Lines file or directory)");
        }
    }

    public String kind() {
        return source;
    }

    /** True for sources that end: at their end the watermark jumps to the end of time and everything flushes. */
    public boolean isBounded() {
        return isSample() || "file".equals(source);
    }

    /** Sample data should replay exactly the same way every run (see BoundedLatenessWatermarks). */
    public boolean isSample() {
        return source.startsWith("sample");
    }

    /**
     * @param inOrder true for per-event watermarks (a replay): a file is then read by one reader, in order, so
     *                that which records are late is the same in every run.
     */
    public <E> DataStream<Parsed<E>> read(StreamExecutionEnvironment env, RecordParser<E> parser,
                                         WatermarkStrategy<Parsed<E>> watermarks, boolean inOrder) {
        String what = parser.format().name();
        SingleOutputStreamOperator<String> lines;
        if (isSample()) {
            String resource = "samples/" + sampleName + source.substring("sample".length()) + ".jsonl";
            lines = env.fromData(readResource(resource), Types.STRING)
                    .name(what + " (" + resource + ")").uid("source");
        } else if ("file".equals(source)) {
            FileSource<String> files = FileSource
                    .forRecordStreamFormat(new TextLineInputFormat(), new Path(new File(input).getAbsoluteFile().toURI()))
                    .build();
            lines = env.fromSource(files, WatermarkStrategy.noWatermarks(), what + " (" + input + ")")
                    .uid("source");
        } else {
            // Flink 2.2 still has no non-legacy socket source; socketTextStream is the supported API for it.
            lines = env.socketTextStream(host, port).name(what + " (socket " + host + ":" + port + ")")
                    .uid("source");
        }
        SingleOutputStreamOperator<Parsed<E>> parsed = lines.map(parser::parse)
                .returns(Parsed.typeOf(parser.format().type())).name("parse " + what);
        SingleOutputStreamOperator<Parsed<E>> stamped = parsed
                .assignTimestampsAndWatermarks(watermarks).name("event time and watermarks").uid("watermarks");
        if (isSample() || (inOrder && "file".equals(source))) {
            // A replay must see the records in their order, with one watermark generator: one reader (a second
            // file reader without a split would hold the watermark back until it finishes, a race) and no
            // rebalance before the watermarks. Keyed operators after this still run in parallel.
            lines.setParallelism(1);
            parsed.setParallelism(1);
            stamped.setParallelism(1);
        }
        return stamped;
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
