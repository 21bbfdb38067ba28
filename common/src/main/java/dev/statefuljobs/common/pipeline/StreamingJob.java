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

    /**
     * The topic {@code --source kafka} reads when {@code --topic} is not given: by default the sample's name, which
     * is the event type (e.g. {@code clicks}, {@code transactions}), so jobs over the same events share a topic.
     * The output topic defaults to the job's {@link #name()}.
     */
    default String defaultTopic() {
        return sampleName();
    }

    void build(Pipeline pipeline);
}
