package dev.statefuljobs.common.flags;

/** Where {@code --sink} sends a job's outputs. */
public enum SinkKind {
    /** Results to stdout; dead letters and late records to stderr. */
    PRINT,
    /** JSON Lines part files under {@code --output}, one directory per output. */
    FILE,
    /** Nothing: for benchmarks. */
    DISCARD,
    /** One Kafka topic per output. */
    KAFKA
}
