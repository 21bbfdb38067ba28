package dev.statefuljobs.common.io;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.flags.SinkKind;
import java.io.File;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.PrintSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The sinks chosen by {@code --sink}: {@code print} (results to stdout, dead letters and late
 * records to stderr), {@code file} (JSON Lines part files under {@code --output}, one directory per
 * output), {@code discard} (for benchmarks), or {@code kafka} (one topic per output, see {@link
 * KafkaSinks}).
 */
public final class FlagSinks implements SinkProvider {

    private final SinkKind kind;
    private final String outputDir;
    private final KafkaSinks kafka;

    public FlagSinks(JobFlags flags) {
        this.kind = flags.get(Flags.SINK);
        this.outputDir = flags.find(Flags.OUTPUT).orElse("output/" + flags.jobName());
        this.kafka = kind == SinkKind.KAFKA ? new KafkaSinks(flags) : null;
    }

    /**
     * True when results are committed in Kafka transactions on checkpoints, so checkpointing must
     * be on.
     */
    public boolean needsCheckpoints() {
        return kafka != null && kafka.exactlyOnce();
    }

    /** The Kafka sinks' connection, when the sink is Kafka. */
    public Optional<KafkaConnection> kafka() {
        return kafka == null ? Optional.empty() : Optional.of(kafka.connection());
    }

    @Override
    public boolean singleWriter() {
        return kind == SinkKind.PRINT;
    }

    @Override
    public Sink<OutputLine> sink(Output output) {
        switch (kind) {
            case FILE:
                // Writes each line's toString(), its JSON. Part files are committed on checkpoints
                // (and at the end
                // of a bounded input): exactly-once.
                return FileSink.forRowFormat(
                                new Path(new File(outputDir, output.id()).toURI()),
                                new SimpleStringEncoder<OutputLine>("UTF-8"))
                        .withOutputFileConfig(
                                OutputFileConfig.builder()
                                        .withPartPrefix(output.id())
                                        .withPartSuffix(".jsonl")
                                        .build())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build();
            case DISCARD:
                return new DiscardingSink<>();
            case KAFKA:
                return kafka.sink(output);
            default:
                return output.equals(Output.RESULTS)
                        ? new PrintSink<>()
                        : new PrintSink<>(output.id(), true);
        }
    }
}
