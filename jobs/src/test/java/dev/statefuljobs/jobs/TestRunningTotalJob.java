package dev.statefuljobs.jobs;

import dev.statefuljobs.common.events.Transaction;
import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.format.TransactionFormat;
import dev.statefuljobs.common.pipeline.Pipeline;
import dev.statefuljobs.common.pipeline.StreamingJob;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A stand-in for the {@code running-total} job (written on another branch): a running per-user sum of
 * transactions, {@code {"userId","total"}} per transaction. Only the Kafka tests use it; at merge they can run
 * against the real job instead by swapping the instance.
 */
public final class TestRunningTotalJob implements StreamingJob {

    @Override
    public String name() {
        return "test-running-total";
    }

    @Override
    public String description() {
        return "Test-only running total per user";
    }

    @Override
    public String sampleName() {
        return "transactions";
    }

    @Override
    public void build(Pipeline pipeline) {
        pipeline.emit(pipeline.events(new TransactionFormat())
                .keyBy(t -> t.userId, Types.STRING)
                .process(new Sum()).returns(Types.POJO(Total.class)).name("running total").uid("running-total"));
    }

    static final class Sum extends KeyedProcessFunction<String, Transaction, Total> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Double> total;

        @Override
        public void open(OpenContext ctx) {
            total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.DOUBLE));
        }

        @Override
        public void processElement(Transaction t, Context ctx, Collector<Total> out) throws Exception {
            double sum = (total.value() == null ? 0 : total.value()) + t.amount;
            total.update(sum);
            out.collect(new Total(t.userId, sum));
        }
    }

    public static class Total implements JsonRecord {
        public String userId;
        public double total;

        public Total() {}

        Total(String userId, double total) {
            this.userId = userId;
            this.total = total;
        }

        @Override
        public String toJson() {
            return JsonLine.object().field("userId", userId).field("total", total).toString();
        }
    }
}
