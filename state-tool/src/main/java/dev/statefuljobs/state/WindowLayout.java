package dev.statefuljobs.state;

import dev.statefuljobs.common.format.JsonLine;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.WindowReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The open windows of a windowed job ({@code WindowedAggregation}): per key and window, the
 * aggregate's accumulator in the window operator's state {@value #WINDOW_STATE}. A window stays
 * open until the watermark passes its end plus the allowed lateness. Rows are the key, {@code
 * window_start}, {@code window_end} and the accumulator's fields, named as in the job's output,
 * e.g. {@code {"user_id":"user1","window_start":"2023-07-30T10:00:00Z",
 * "window_end":"2023-07-30T10:01:00Z","count":2}}.
 *
 * <p>Read only: the State Processor API writes window state by running the window's input through
 * the window operator, not from accumulators, so a window is rebuilt by replaying its input.
 *
 * @param <A> the accumulator's type
 */
final class WindowLayout<A> extends OperatorLayout {

    /** The name Flink's window operator gives its window contents. */
    static final String WINDOW_STATE = "window-contents";

    private final String keyField;
    private final TypeInformation<A> accumulatorType;
    private final AccumulatorJson<A> json;

    /**
     * @param keyField the key's JSON name, or null when the key is a constant that the job's output
     *     omits
     */
    WindowLayout(
            String uid,
            String keyField,
            TypeInformation<A> accumulatorType,
            AccumulatorJson<A> json) {
        super(uid);
        this.keyField = keyField;
        this.accumulatorType = accumulatorType;
        this.json = json;
    }

    /** Writes an accumulator's fields, named as in the job's output. */
    @FunctionalInterface
    interface AccumulatorJson<A> extends Serializable {
        void write(A accumulator, JsonLine json);
    }

    @Override
    List<String> keyedStates() {
        return List.of(WINDOW_STATE);
    }

    @Override
    DataStream<String> read(SavepointReader savepoint) throws IOException {
        return savepoint
                .window(new TimeWindow.Serializer())
                .aggregate(
                        uid(),
                        new Accumulator<A>(),
                        new Rows<>(keyField, json),
                        Types.STRING,
                        accumulatorType,
                        Types.STRING);
    }

    @Override
    String whyNoBootstrap() {
        return "its state is open windows, which Flink rebuilds from their input: replay the"
                + " input instead";
    }

    /**
     * Hands the window's accumulator itself to the reader: the reader only calls {@code getResult},
     * never {@code add}.
     */
    private static final class Accumulator<A> implements AggregateFunction<Object, A, A> {
        private static final long serialVersionUID = 1L;

        @Override
        public A createAccumulator() {
            throw new UnsupportedOperationException("reading only");
        }

        @Override
        public A add(Object value, A accumulator) {
            throw new UnsupportedOperationException("reading only");
        }

        @Override
        public A getResult(A accumulator) {
            return accumulator;
        }

        @Override
        public A merge(A a, A b) {
            throw new UnsupportedOperationException("reading only");
        }
    }

    private static final class Rows<A> extends WindowReaderFunction<A, String, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        private final String keyField;
        private final AccumulatorJson<A> json;

        Rows(String keyField, AccumulatorJson<A> json) {
            this.keyField = keyField;
            this.json = json;
        }

        @Override
        public void readWindow(
                String key,
                Context<TimeWindow> context,
                Iterable<A> accumulators,
                Collector<String> out) {
            TimeWindow window = context.window();
            for (A accumulator : accumulators) {
                JsonLine line = JsonLine.object();
                if (keyField != null) {
                    line.field(keyField, key);
                }
                line.instant("window_start", window.getStart())
                        .instant("window_end", window.getEnd());
                json.write(accumulator, line);
                out.collect(line.toString());
            }
        }
    }
}
