package dev.statefuljobs.common.pipeline;

/**
 * One job of the catalog. A job only describes its dataflow on a {@link Pipeline}: parse, assign event time,
 * key, window or keep state, and emit. Where events come from and where results go is chosen by the shared
 * flags, so {@code main}, the MiniCluster tests and the benchmarks all run the same {@link #build} code.
 */
public interface StreamingJob {

    /** The name used on the command line, e.g. {@code clicks-per-minute}. */
    String name();

    /** One line for the job list. */
    String description();

    /**
     * The embedded sample for {@code --source sample}: {@code samples/<name>.jsonl} in the jar;
     * {@code --source sample-late} reads {@code samples/<name>-late.jsonl}.
     */
    String sampleName();

    void build(Pipeline pipeline);
}
