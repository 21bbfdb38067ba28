package dev.statefuljobs.common.job;

import dev.statefuljobs.common.format.EventFormat;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job's events come from. {@code dev.statefuljobs.common.io.FlagSources} chooses by {@code
 * --source}.
 */
public interface Sources {

    /**
     * The events of one input, parsed by {@code format}, with event time and watermarks from {@code
     * eventTime}. Records that do not parse go to the job's dead-letter output with their reason;
     * they never reach the stream and never stop the job.
     */
    <E> DataStream<E> events(EventFormat<E> format, WatermarkStrategy<E> eventTime);

    /**
     * The environment that {@link #events} adds its operators to: a job that plans SQL creates its
     * table environment on it, so that the tables it declares read these sources.
     */
    StreamExecutionEnvironment environment();
}
