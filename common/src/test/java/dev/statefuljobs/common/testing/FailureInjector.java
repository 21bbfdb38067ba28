package dev.statefuljobs.common.testing;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.job.StreamingJob;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Injects one failure into a real job, mid-stream and after at least one completed checkpoint.
 * {@link #wrap} returns a job that builds the real job unchanged, with one map inserted right after
 * its parsed events (its sources are wrapped, as any test may inject sources):
 *
 * <ul>
 *   <li>{@link #throwOnce}: the map throws once, at the first record after {@code afterRecords}
 *       records when a checkpoint has completed since; the job restarts from that checkpoint.
 *   <li>{@link #awaitKill}: at the same point the map opens {@link #awaitReady} for the test, which
 *       kills a TaskManager, and then slows down until {@link #release}: the kill happens
 *       mid-stream.
 * </ul>
 *
 * Until a checkpoint has completed after {@code afterRecords} records, the map slows each record by
 * 1 ms, so a bounded input cannot be read to its end before there is a checkpoint to restore from
 * (the barriers still pass between records). The MiniCluster runs in the test JVM, so the map
 * reaches its injector through a static map.
 */
public final class FailureInjector {

    private enum Mode {
        THROW,
        AWAIT_KILL
    }

    private static final Map<String, FailureInjector> INJECTORS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final Mode mode;
    private final long afterRecords;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean checkpointed;
    private volatile boolean released;

    private FailureInjector(Mode mode, long afterRecords) {
        this.mode = mode;
        this.afterRecords = afterRecords;
        INJECTORS.put(id, this);
    }

    public static FailureInjector throwOnce(long afterRecords) {
        return new FailureInjector(Mode.THROW, afterRecords);
    }

    public static FailureInjector awaitKill(long afterRecords) {
        return new FailureInjector(Mode.AWAIT_KILL, afterRecords);
    }

    /** The real job, reading its events through sources that add the injecting map after them. */
    public StreamingJob wrap(StreamingJob job) {
        String injectorId = id;
        return job.withDataflow(
                (sources, sinks, flags) ->
                        job.dataflow()
                                .build(
                                        new Sources() {
                                            @Override
                                            public <E> DataStream<E> events(
                                                    EventFormat<E> format,
                                                    WatermarkStrategy<E> eventTime) {
                                                DataStream<E> events =
                                                        sources.events(format, eventTime);
                                                return events.map(new Inject<E>(injectorId))
                                                        .returns(events.getType())
                                                        .name("failure injector")
                                                        .uid("failure-injector");
                                            }

                                            @Override
                                            public StreamExecutionEnvironment environment() {
                                                return sources.environment();
                                            }
                                        },
                                        sinks,
                                        flags));
    }

    /** How many failures were thrown (THROW mode). */
    public int failures() {
        return failures.get();
    }

    /** How many records the map saw, over all attempts. */
    public long seen() {
        return seen.get();
    }

    /** Waits until the job is mid-stream with a completed checkpoint (AWAIT_KILL mode). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the job run at full speed again (AWAIT_KILL mode, after the kill). */
    public void release() {
        released = true;
    }

    public void close() {
        INJECTORS.remove(id);
    }

    private static final class Inject<E> extends RichMapFunction<E, E>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String injectorId;

        Inject(String injectorId) {
            this.injectorId = injectorId;
        }

        @Override
        public E map(E event) throws Exception {
            FailureInjector f = INJECTORS.get(injectorId);
            long n = f.seen.incrementAndGet();
            if (f.released || f.failures.get() > 0) {
                return event;
            }
            if (n > f.afterRecords && f.checkpointed) {
                if (f.mode == Mode.THROW) {
                    if (f.failures.compareAndSet(0, 1)) {
                        throw new RuntimeException("injected failure after " + n + " records");
                    }
                    return event;
                }
                f.ready.countDown();
                Thread.sleep(
                        5); // slow until the test has killed the TaskManager (this task dies with
                // it)
                return event;
            }
            Thread.sleep(1); // keep the input from running out before a checkpoint to restore from
            // exists
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            FailureInjector f = INJECTORS.get(injectorId);
            if (f != null && f.seen.get() > f.afterRecords) {
                f.checkpointed = true;
            }
        }
    }
}
