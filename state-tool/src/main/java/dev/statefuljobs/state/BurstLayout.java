package dev.statefuljobs.state;

import dev.statefuljobs.common.format.JsonLine;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * spam-bursts' {@code OneAlertPerBurst}: per user, the end of the last over-threshold window of the
 * current burst, in the value state {@value #STATE}, printed as {@code
 * {"user_id":"user1","last_over_threshold_window_end":"2023-07-30T10:01:10Z"}}. Read only: the
 * state lives for a slide after the burst, and the windows' state is rebuilt from their input
 * anyway.
 */
final class BurstLayout extends OperatorLayout {

    static final String STATE = "last-over-threshold-window-end";

    BurstLayout(String uid) {
        super(uid);
    }

    @Override
    List<String> keyedStates() {
        return List.of(STATE);
    }

    @Override
    DataStream<String> read(SavepointReader savepoint) throws IOException {
        return savepoint.readKeyedState(
                OperatorIdentifier.forUid(uid()), new Reader(), Types.STRING, Types.STRING);
    }

    @Override
    String whyNoBootstrap() {
        return "its state only remembers the current burst of the windows, which Flink rebuilds"
                + " from their input: replay the input instead";
    }

    private static final class Reader extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private transient ValueState<Long> lastEnd;

        @Override
        public void open(OpenContext openContext) {
            lastEnd =
                    getRuntimeContext()
                            .getState(GroupStateLayout.descriptor(STATE, Types.LONG, null));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            Long end = lastEnd.value();
            if (end != null) {
                out.collect(
                        JsonLine.object()
                                .field("user_id", key)
                                .instant("last_over_threshold_window_end", end)
                                .toString());
            }
        }
    }
}
