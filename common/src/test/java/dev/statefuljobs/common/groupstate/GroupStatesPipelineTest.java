package dev.statefuljobs.common.groupstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The entry points in a real job on a MiniCluster, with Kryo disabled ({@code
 * pipeline.generic-types: false}).
 */
class GroupStatesPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void mapGroupsWithStateRunsWithoutKryoAndExpiresAtEndOfInput() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);

        // amount doubles as the event time (ms)
        DataStream<Event> events =
                env.fromData(
                                List.of(
                                        new Event("a", 1_000),
                                        new Event("b", 2_000),
                                        new Event("a", 3_000)))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Event>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, ts) -> e.amount));

        SingleOutputStreamOperator<String> totals =
                GroupStates.mapGroupsWithState(
                                events.keyBy(e -> e.user),
                                (String user, Iterator<Event> values, GroupState<Long> state) -> {
                                    if (state.hasTimedOut()) {
                                        long total = state.get();
                                        state.remove();
                                        return user + " expired at " + total;
                                    }
                                    Event e = values.next();
                                    state.update(state.getOption().orElse(0L) + e.amount);
                                    state.setTimeoutTimestamp(e.amount, "1 hour");
                                    return user + "=" + state.get();
                                },
                                Types.LONG,
                                Types.STRING,
                                GroupStateTimeout.EventTimeTimeout)
                        .uid("totals");

        assertThat(totals.getName()).isEqualTo("mapGroupsWithState[EventTimeTimeout]");
        assertThat(GroupStates.lateRecords(totals, events.getType()).getType())
                .isEqualTo(events.getType());
        assertThat(totals.executeAndCollect(10))
                .containsExactly(
                        "a=1000", "b=2000", "a=4000", "b expired at 2000", "a expired at 4000");
    }

    @Test
    void mapGroupsWithStateTakesSparksInitialState() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<Event> events = env.fromData(List.of(new Event("a", 1), new Event("b", 2)));
        InitialState<String, Long> initial =
                InitialState.of(List.of(new InitialRow<>("a", 100L), new InitialRow<>("c", 7L)));

        SingleOutputStreamOperator<String> totals =
                GroupStates.mapGroupsWithState(
                        events.keyBy(e -> e.user),
                        (String user, Iterator<Event> values, GroupState<Long> state) -> {
                            state.update(state.getOption().orElse(0L) + values.next().amount);
                            return user + "=" + state.get();
                        },
                        Types.LONG,
                        Types.STRING,
                        GroupStateTimeout.NoTimeout,
                        initial);

        assertThat(totals.getName()).isEqualTo("mapGroupsWithState[NoTimeout]");
        assertThat(totals.executeAndCollect(10)).containsExactly("a=101", "b=2");
    }
}
