package dev.statefuljobs.common.window;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts elements incrementally: a window holds one long per key, not the elements themselves. */
public final class Count<E> implements AggregateFunction<E, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(E element, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
