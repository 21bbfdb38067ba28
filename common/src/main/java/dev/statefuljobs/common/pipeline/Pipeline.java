package dev.statefuljobs.common.pipeline;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.JsonRecord;
import dev.statefuljobs.common.io.DescribeLateEvents;
import dev.statefuljobs.common.io.FlagSinks;
import dev.statefuljobs.common.io.FlagSources;
import dev.statefuljobs.common.io.Output;
import dev.statefuljobs.common.io.LateRecord;
import dev.statefuljobs.common.io.Parsed;
import dev.statefuljobs.common.io.RecordParser;
import dev.statefuljobs.common.io.RouteDeadLetters;
import dev.statefuljobs.common.io.OutputLine;
import dev.statefuljobs.common.io.SinkProvider;
import dev.statefuljobs.common.watermark.BoundedLatenessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The shared plumbing a job is built on: events in (source, parse, dead letters, event time) and records
 * out (results, late records), all chosen by the shared flags. A job calls {@link #events} once and
 * {@link #emit} for its results; everything else here is the same for every job.
 */
public final class Pipeline {

    /** The checkpoint interval an exactly-once Kafka sink turns on when checkpointing is off. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final StreamExecutionEnvironment env;
    private final StreamingJob job;
    private final JobOptions options;
    private final FlagSources sources;
    private final SinkProvider sinks;
    private final Duration outOfOrderness;
    private final Duration idleTimeout;
    private final boolean perEventWatermarks;
    private final int maxRecordBytes;
    private EventInterceptor interceptor;

    /**
     * @param sinks where outputs go; null means "as the {@code --sink} flag says". Tests pass a collecting one.
     */
    public Pipeline(StreamExecutionEnvironment env, StreamingJob job, JobOptions options, SinkProvider sinks) {
        this.env = env;
        this.job = job;
        this.options = options;
        this.sources = new FlagSources(options, job);
        FlagSinks flagSinks = new FlagSinks(options, job.name());
        this.sinks = sinks != null ? sinks : flagSinks;
        if (sinks == null && flagSinks.needsCheckpoints()) {
            requireCheckpointing(env);
        }
        this.outOfOrderness = options.duration("out-of-orderness", "0s");
        this.idleTimeout = options.duration("idle-timeout", "30s");
        this.perEventWatermarks = options.choice("watermarks", sources.isSample() ? "per-event" : "periodic",
                "per-event", "periodic").equals("per-event");
        this.maxRecordBytes = options.integer("max-record-bytes", RecordParser.DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Kafka transactions commit when a checkpoint completes: without checkpoints an exactly-once sink would never
     * publish anything. A configured interval ({@code -Dexecution.checkpointing.interval=...}) is kept.
     */
    private static void requireCheckpointing(StreamExecutionEnvironment env) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(DEFAULT_CHECKPOINT_INTERVAL.toMillis());
            System.err.println("--sink kafka --delivery exactly-once commits on checkpoints: checkpointing was off, "
                    + "enabled every " + DEFAULT_CHECKPOINT_INTERVAL.toSeconds()
                    + "s (set -Dexecution.checkpointing.interval=... to change it)");
        }
    }

    public StreamExecutionEnvironment env() {
        return env;
    }

    public JobOptions options() {
        return options;
    }

    public String jobName() {
        return job.name();
    }

    /**
     * Test seam: the interceptor sees the parsed events before the job does (see {@link EventInterceptor}). A
     * wrapper job calls this and then the real job's {@code build}; production code never does.
     */
    public void interceptEvents(EventInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    /** The watermark bound set by {@code --out-of-orderness}. */
    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    /**
     * Reads the job's events: source, parse (bad records to the dead-letter output), and event time from the
     * payload with bounded out-of-orderness watermarks. Idle inputs stop holding the watermark back after
     * {@code --idle-timeout}. Every source gets the same watermark strategy and the same dead-letter routing; the
     * Kafka source applies the strategy per partition, the others right after parsing (see {@link FlagSources}).
     *
     * <p>A replay (per-event watermarks) reads in order at parallelism 1, so the returned stream may have a
     * lower parallelism than the job: key it first, or keep a stateless step before {@code keyBy} at the
     * stream's parallelism, since a rebalance would reorder each key's records.
     */
    public <E> DataStream<E> events(EventFormat<E> format) {
        RecordParser<E> parser = new RecordParser<>(format, job.name() + "/" + sources.kind(), maxRecordBytes);
        Duration bound = outOfOrderness;
        boolean perEvent = perEventWatermarks;
        WatermarkStrategy<Parsed<E>> watermarks = WatermarkStrategy
                .<Parsed<E>>forGenerator(ctx -> new BoundedLatenessWatermarks<>(bound, perEvent))
                // Dead letters carry no event time; Long.MIN_VALUE never advances the watermark.
                .withTimestampAssigner((p, ts) -> p.isValid() ? format.eventTime(p.event) : Long.MIN_VALUE)
                .withIdleness(idleTimeout);

        DataStream<Parsed<E>> parsed = sources.read(env, parser, watermarks, outOfOrderness, perEvent);
        // Same parallelism as the watermarks, so that no rebalance reorders records against watermarks.
        SingleOutputStreamOperator<E> events = parsed
                .process(new RouteDeadLetters<E>()).returns(format.type())
                .setParallelism(parsed.getParallelism())
                .name("route dead letters").uid("route-dead-letters");
        write(events.getSideOutput(RouteDeadLetters.DEAD_LETTERS), Output.DEAD_LETTERS);
        return interceptor == null ? events : interceptor.intercept(events);
    }

    /** Sends the job's results to the results sink. */
    public <T extends JsonRecord> void emit(DataStream<T> results) {
        write(results, Output.RESULTS);
    }

    /** Sends records that were too late for their window or timeout to the late output. */
    public <T extends JsonRecord> void emitLate(DataStream<T> late) {
        write(late, Output.LATE);
    }

    /**
     * Describes and sends late events, e.g. a GroupState operator's late side output, to the late output,
     * counting them in the {@code lateRecordsRouted} metric.
     */
    public <E extends JsonRecord> void emitLateEvents(DataStream<E> lateEvents) {
        emitLate(lateEvents.process(new DescribeLateEvents<E>(job.name())).returns(LateRecord.class)
                .name("describe late records"));
    }

    private <T extends JsonRecord> void write(DataStream<T> records, Output output) {
        DataStream<OutputLine> json = records.map(new ToJson<T>()).returns(OutputLine.class)
                .name(output.label + " to JSON");
        DataStreamSink<OutputLine> sink = json.sinkTo(sinks.sink(output)).name("sink: " + output.label)
                .uid(output.id + "-sink");
        if (sinks.singleWriter()) {
            sink.setParallelism(1);
        }
    }

    /** Encodes each record once, to its JSON line, and keeps its key for sinks that use one (Kafka). */
    private static final class ToJson<T extends JsonRecord> implements MapFunction<T, OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public OutputLine map(T record) {
            return new OutputLine(record.key(), record.toJson());
        }
    }
}
