package dev.statefuljobs.common.testing;

import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.io.OutputLine;
import dev.statefuljobs.common.io.SinkProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Collects every output of a job run in memory, one list per {@link Output}. The MiniCluster runs
 * in the test's JVM, so the sink writers add to a static map keyed by this run's id (as
 * flink-training's test sinks do).
 */
public final class CollectingSinks implements SinkProvider {

    private static final Map<String, List<String>> COLLECTED = new ConcurrentHashMap<>();

    private final String runId = UUID.randomUUID().toString();

    private final Set<Output> outputs =
            new LinkedHashSet<>(List.of(Output.RESULTS, Output.DEAD_LETTERS, Output.LATE));

    @Override
    public Sink<OutputLine> sink(Output output) {
        outputs.add(output);
        return new CollectingSink(runId + "/" + output.id());
    }

    /**
     * What each output received, in arrival order (empty for the standard outputs that got
     * nothing).
     */
    public Map<Output, List<String>> drain() {
        Map<Output, List<String>> result = new LinkedHashMap<>();
        for (Output output : outputs) {
            List<String> values = COLLECTED.remove(runId + "/" + output.id());
            result.put(output, values == null ? List.of() : List.copyOf(values));
        }
        return result;
    }

    private static final class CollectingSink implements Sink<OutputLine> {
        private static final long serialVersionUID = 1L;
        private final String key;

        CollectingSink(String key) {
            this.key = key;
        }

        @Override
        public SinkWriter<OutputLine> createWriter(WriterInitContext context) {
            List<String> target =
                    COLLECTED.computeIfAbsent(
                            key, k -> Collections.synchronizedList(new ArrayList<>()));
            return new SinkWriter<>() {
                @Override
                public void write(OutputLine element, Context ctx) {
                    target.add(element.json);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
