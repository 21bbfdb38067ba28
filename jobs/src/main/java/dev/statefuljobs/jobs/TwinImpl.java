package dev.statefuljobs.jobs;

/**
 * {@code --impl} of a windowed job with an SQL twin: its DataStream dataflow, or the same query in
 * Flink SQL ({@code jobs/src/main/resources/sql/<job>.sql}).
 */
public enum TwinImpl {
    DATASTREAM,
    SQL
}
