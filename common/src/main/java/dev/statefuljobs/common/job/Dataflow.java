package dev.statefuljobs.common.job;

import dev.statefuljobs.common.flags.JobFlags;

/**
 * A job's dataflow: parse, event time, key, window or state, emit. Where the events come from and
 * where the outputs go are injected ({@link Sources}, {@link Sinks}), chosen by flags in production
 * and by the test in tests.
 */
@FunctionalInterface
public interface Dataflow {

    void build(Sources sources, Sinks sinks, JobFlags flags);
}
