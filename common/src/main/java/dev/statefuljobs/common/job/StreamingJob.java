package dev.statefuljobs.common.job;

import dev.statefuljobs.common.flags.Flag;
import java.util.List;

/**
 * One job of the catalog: the facts the launcher, {@code --help} and the docs need, and the
 * dataflow.
 *
 * @param name the name used on the command line, e.g. {@code clicks-per-minute}
 * @param description one line for the job list
 * @param sample the embedded sample {@code --source sample} reads: {@code samples/<sample>.jsonl}
 *     in the jar ({@code --source sample-late} reads {@code samples/<sample>-late.jsonl})
 * @param topic the topic {@code --source kafka} reads unless {@code --topic} says otherwise: the
 *     event type (e.g. {@code clicks}), so jobs over the same events share a topic; results go to a
 *     topic named after the job
 * @param flags the job's own flags, beside the shared ones
 * @param dataflow the job's dataflow, which {@code main}, the tests and the benchmarks all build
 */
public record StreamingJob(
        String name,
        String description,
        String sample,
        String topic,
        List<Flag<?>> flags,
        Dataflow dataflow) {

    public StreamingJob {
        flags = List.copyOf(flags);
    }

    /** The same job with another dataflow, e.g. one that a test wraps around this job's. */
    public StreamingJob withDataflow(Dataflow other) {
        return new StreamingJob(name, description, sample, topic, flags, other);
    }

    @Override
    public String toString() {
        return name;
    }
}
