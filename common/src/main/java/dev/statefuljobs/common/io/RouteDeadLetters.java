package dev.statefuljobs.common.io;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends valid events on and dead letters to a side output, counting them in the {@code deadLetters}
 * metric that the web UI shows. Nothing is dropped: every input is either an event or a dead
 * letter.
 */
public class RouteDeadLetters<E> extends ProcessFunction<Parsed<E>, E> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC = "deadLetters";
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public void processElement(Parsed<E> parsed, Context ctx, Collector<E> out) {
        if (parsed.isValid()) {
            out.collect(parsed.event);
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, parsed.deadLetter);
        }
    }
}
