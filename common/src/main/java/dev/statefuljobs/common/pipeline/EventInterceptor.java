package dev.statefuljobs.common.pipeline;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A test seam: sees a job's parsed events right after dead-letter routing and may add operators to them (the
 * failure tests insert a map that throws once, or that waits to be killed). Production code never sets one; a
 * {@link Pipeline} without an interceptor builds exactly the same graph as before. Register it with
 * {@link Pipeline#interceptEvents} before the job's {@link StreamingJob#build} calls {@link Pipeline#events}.
 */
public interface EventInterceptor {

    /** Returns the stream the job should read: {@code events} itself or operators appended to it. */
    <E> DataStream<E> intercept(DataStream<E> events);
}
