package dev.statefuljobs.common.io;

import dev.statefuljobs.common.pipeline.JobOptions;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

import java.io.File;

/**
 * The sinks chosen by {@code --sink}: {@code print} (results to stdout, dead letters and late records to
 * stderr), {@code file} (JSON Lines part files under {@code --output}, one directory per output), or
 * {@code discard} (for benchmarks), or {@code kafka} (one topic per output, see {@link KafkaSinks}).
 */
public final class FlagSinks implements SinkProvider {

    private final String kind;
    private final String outputDir;
    private final KafkaSinks kafka;

    public FlagSinks(JobOptions options, String jobName) {
        this.kind = options.choice("sink", "print", "print", "file", "discard", "kafka");
        this.outputDir = options.string("output", "output/" + jobName);
        // Kafka flags are read only for the Kafka sink, so that e.g. --output-topic with --sink file is refused.
        this.kafka = "kafka".equals(kind) ? new KafkaSinks(options, jobName) : null;
    }

    public String kind() {
        return kind;
    }

    /** True when results are committed in Kafka transactions on checkpoints, so checkpointing must be on. */
    public boolean needsCheckpoints() {
        return kafka != null && kafka.exactlyOnce();
    }

    @Override
    public boolean singleWriter() {
        return "print".equals(kind);
    }

    @Override
    public Sink<OutputLine> sink(Output output) {
        switch (kind) {
            case "file":
                // Writes each line's toString(), its JSON. Part files are committed on checkpoints (and at the end
                // of a bounded input): exactly-once.
                return FileSink.forRowFormat(new Path(new File(outputDir, output.id).toURI()),
                                new SimpleStringEncoder<OutputLine>("UTF-8"))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(output.id)
                                .withPartSuffix(".jsonl").build())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build();
            case "discard":
                return new DiscardingSink<>();
            case "kafka":
                return kafka.sink(output);
            default:
                return output == Output.RESULTS ? new PrintSink<>() : new PrintSink<>(output.id, true);
        }
    }
}
