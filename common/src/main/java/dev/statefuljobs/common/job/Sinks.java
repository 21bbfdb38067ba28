package dev.statefuljobs.common.job;

import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.io.DeadLetter;
import dev.statefuljobs.common.io.DescribeLateRecords;
import dev.statefuljobs.common.io.LateEvents;
import dev.statefuljobs.common.io.LateRecord;
import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.io.OutputLine;
import dev.statefuljobs.common.io.SinkProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Where a job's outputs go: its results, its late records, its dead letters, and any output of its
 * own. Each record is encoded once, to its JSON line, and every output gets one sink with the uid
 * {@code <output>-sink}, however many streams feed it (they are united), so a job may emit late
 * records from two operators. The sinks themselves come from a {@link SinkProvider}: chosen by
 * {@code --sink} in production, collecting in tests.
 */
public final class Sinks {

    private final String jobName;
    private final SinkProvider provider;
    private final Map<Output, List<DataStream<OutputLine>>> outputs = new LinkedHashMap<>();

    public Sinks(String jobName, SinkProvider provider) {
        this.jobName = jobName;
        this.provider = provider;
    }

    /** The job's results. */
    public <T extends JsonRecord> void results(DataStream<T> results) {
        output(Output.RESULTS, results);
    }

    /**
     * Events found too late, described (which window, how late) and counted on their way to the
     * late output.
     */
    public <E extends JsonRecord> void late(LateEvents<E> late) {
        DataStream<LateRecord> described =
                late.events()
                        .process(new DescribeLateRecords<E>(jobName, late.windows()))
                        .returns(LateRecord.class)
                        .name(
                                late.windows() == null
                                        ? "describe late records"
                                        : "describe late records of windows");
        output(Output.LATE, described);
    }

    /** Records that could not be parsed, with their reasons. */
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        output(Output.DEAD_LETTERS, deadLetters);
    }

    /** Any output of the job's own, e.g. {@code Output.named("alerts")}. */
    public <T extends JsonRecord> void output(Output output, DataStream<T> records) {
        DataStream<OutputLine> json =
                records.map(new ToJson<T>())
                        .returns(OutputLine.class)
                        .name(output.label() + " to JSON");
        outputs.computeIfAbsent(output, o -> new ArrayList<>()).add(json);
    }

    /**
     * Adds one sink per output to the dataflow; the launcher calls this once the job's dataflow is
     * built.
     */
    public void attach() {
        for (Map.Entry<Output, List<DataStream<OutputLine>>> entry : outputs.entrySet()) {
            Output output = entry.getKey();
            List<DataStream<OutputLine>> streams = entry.getValue();
            DataStream<OutputLine> all = streams.get(0);
            for (DataStream<OutputLine> more : streams.subList(1, streams.size())) {
                all = all.union(more);
            }
            DataStreamSink<OutputLine> sink =
                    all.sinkTo(provider.sink(output))
                            .name("sink: " + output.label())
                            .uid(output.id() + "-sink");
            if (provider.singleWriter()) {
                sink.setParallelism(1);
            }
        }
        outputs.clear();
    }

    /**
     * Encodes each record once, to its JSON line, and keeps its key for sinks that use one (Kafka).
     */
    private static final class ToJson<T extends JsonRecord> implements MapFunction<T, OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public OutputLine map(T record) {
            return new OutputLine(record.key(), record.toJson());
        }
    }
}
