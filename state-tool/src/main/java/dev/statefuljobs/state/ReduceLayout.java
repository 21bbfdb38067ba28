package dev.statefuljobs.state;

import dev.statefuljobs.jobs.RunningTotal;
import dev.statefuljobs.jobs.RunningTotalJob;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * running-total {@code --impl keyed-sum}: the user's {@link RunningTotal} so far, kept by Flink's
 * {@code keyBy(userId).reduce(SumTotals)} in the value state {@value #REDUCE_STATE} (the name
 * Flink's {@code StreamGroupedReduceOperator} gives it), or with {@code --state-ttl} by {@code
 * SumWithTtl} in the TTL'd reducing state {@value #TTL_STATE}. Rows are the job's own output,
 * {@code {"userId":"user1","total":120.0}}.
 */
final class ReduceLayout extends OperatorLayout {

    /** The state of Flink's keyed reduce operator. */
    static final String REDUCE_STATE = "_op_state";

    /** The state of {@code RunningTotalJob.SumWithTtl}. */
    static final String TTL_STATE = "total";

    static final StateRowFormat<RunningTotal> FORMAT =
            new StateRowFormat<>("userId", new TotalOf(), false);

    private static final TypeInformation<RunningTotal> TYPE = Types.POJO(RunningTotal.class);

    private final StateTtlConfig ttl;

    /**
     * @param ttl the job's {@code --state-ttl}, or null for the plain keyed reduce
     */
    ReduceLayout(String uid, StateTtlConfig ttl) {
        super(uid);
        this.ttl = ttl;
    }

    @Override
    List<String> keyedStates() {
        return List.of(ttl == null ? REDUCE_STATE : TTL_STATE);
    }

    @Override
    DataStream<String> read(SavepointReader savepoint) throws IOException {
        return savepoint.readKeyedState(
                OperatorIdentifier.forUid(uid()), new Reader(ttl), Types.STRING, Types.STRING);
    }

    @Override
    StateRowFormat<RunningTotal> rowFormat() {
        return FORMAT;
    }

    @Override
    StateBootstrapTransformation<String> bootstrap(DataStream<String> lines, int maxParallelism) {
        return OperatorTransformation.bootstrapWith(lines)
                .setMaxParallelism(maxParallelism)
                .keyBy(new KeyOfLine(FORMAT), Types.STRING)
                .transform(new Writer(ttl));
    }

    /** The total as the job's reduce keeps it, in whichever of the two states the job uses. */
    private static final class Total {
        private final ValueState<RunningTotal> reduced;
        private final ReducingState<RunningTotal> reducing;

        Total(RuntimeContext context, StateTtlConfig ttl) {
            if (ttl == null) {
                reduced = context.getState(GroupStateLayout.descriptor(REDUCE_STATE, TYPE, null));
                reducing = null;
            } else {
                ReducingStateDescriptor<RunningTotal> descriptor =
                        new ReducingStateDescriptor<>(
                                TTL_STATE, new RunningTotalJob.SumTotals(), TYPE);
                descriptor.enableTimeToLive(ttl);
                reducing = context.getReducingState(descriptor);
                reduced = null;
            }
        }

        RunningTotal get() throws Exception {
            return reduced != null ? reduced.value() : reducing.get();
        }

        void set(RunningTotal total) throws Exception {
            if (reduced != null) {
                reduced.update(total);
            } else {
                reducing.add(total); // the key's first element: the reduce keeps it as it is
            }
        }
    }

    private static final class Reader extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private final StateTtlConfig ttl;
        private transient Total total;

        Reader(StateTtlConfig ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            total = new Total(getRuntimeContext(), ttl);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            RunningTotal t = total.get();
            if (t != null) {
                out.collect(FORMAT.toJson(key, t, StateRowFormat.NO_TIMEOUT));
            }
        }
    }

    private static final class Writer extends KeyedStateBootstrapFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private final StateTtlConfig ttl;
        private transient Total total;

        Writer(StateTtlConfig ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            total = new Total(getRuntimeContext(), ttl);
        }

        @Override
        public void processElement(String line, Context ctx) throws Exception {
            total.set(FORMAT.parse(line).value());
        }
    }

    /** {@code {"total":...}}: the reduce's {@link RunningTotal} (its userId is the key). */
    private static final class TotalOf implements ValueCodec<RunningTotal> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Field> fields() {
            return JobStates.TOTAL;
        }

        @Override
        public Object[] encode(RunningTotal value) {
            return new Object[] {value.total};
        }

        @Override
        public RunningTotal decode(String key, Object[] values) {
            return new RunningTotal(key, (Double) values[0]);
        }
    }
}
