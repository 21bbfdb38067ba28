package dev.statefuljobs.common.tws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.groupstate.Event;
import dev.statefuljobs.common.testing.FlinkCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TransformWithState#apply} in a real job on a MiniCluster, with Kryo disabled ({@code
 * pipeline.generic-types: false}).
 */
class TransformWithStatePipelineTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkCluster.extension();

    @Test
    void aProcessorCountsPerUserAndReportsWhenAUserGoesQuiet() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);

        // amount doubles as the event time (ms)
        DataStream<Event> events =
                env.fromData(new Event("a", 1_000), new Event("b", 2_000), new Event("a", 2_500))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Event>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, ts) -> e.amount));

        SingleOutputStreamOperator<String> counts =
                TransformWithState.apply(
                                events.keyBy(e -> e.user, Types.STRING),
                                new CountUntilQuiet(),
                                Types.STRING,
                                TimeMode.EventTime,
                                OutputMode.Update)
                        .uid("count-until-quiet");

        assertThat(counts.getName()).isEqualTo("transformWithState[CountUntilQuiet, EventTime]");
        assertThat(TransformWithState.lateRecords(counts, events.getType()).getType())
                .isEqualTo(events.getType());
        // The end of input brings the watermark to its maximum: every timer fires, in time order.
        assertThat(counts.executeAndCollect(10))
                .containsExactly("a=1", "b=1", "a=2", "b quiet after 1", "a quiet after 2");
    }

    /**
     * Counts each user's events and reports the count once a second of event time passes without
     * one. The count lives at most an hour of event time after its last event.
     */
    static class CountUntilQuiet extends StatefulProcessor<String, Event, String> {
        private static final long serialVersionUID = 1L;
        private static final long QUIET_MS = 1_000;

        private transient ValueState<Long> count;
        private transient ValueState<Long> quietTimer;

        @Override
        public void init(OutputMode outputMode, TimeMode timeMode) {
            TTLConfig anHour = TTLConfig.eventTime(Duration.ofHours(1));
            count = getHandle().getValueState("count", Types.LONG, anHour);
            quietTimer = getHandle().getValueState("quietTimer", Types.LONG, anHour);
        }

        @Override
        public Iterator<String> handleInputRows(
                String user, Iterator<Event> events, TimerValues timerValues) {
            List<String> out = new ArrayList<>();
            while (events.hasNext()) {
                Event event = events.next();
                long total = count.exists() ? count.get() + 1 : 1;
                count.update(total);
                if (quietTimer.exists()) {
                    getHandle().deleteTimer(quietTimer.get());
                }
                quietTimer.update(event.amount + QUIET_MS);
                getHandle().registerTimer(event.amount + QUIET_MS);
                out.add(user + "=" + total);
            }
            return out.iterator();
        }

        @Override
        public Iterator<String> handleExpiredTimer(
                String user, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
            String report = user + " quiet after " + count.get();
            count.clear();
            quietTimer.clear();
            return List.of(report).iterator();
        }
    }
}
