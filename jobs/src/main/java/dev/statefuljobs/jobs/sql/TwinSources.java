package dev.statefuljobs.jobs.sql;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.job.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;

/**
 * The sources of the job whose SQL is being planned, for the tables it declares with {@code
 * 'connector' = 'job-source'}. Table factories are found by name and built by the planner, so the
 * job hands its sources over for the time of planning, on the planning thread: {@link SqlTwin}
 * opens and closes this around its {@code CREATE TABLE}s and the conversion of its query to a
 * DataStream, where the planner builds the sources.
 */
final class TwinSources implements AutoCloseable {

    private static final ThreadLocal<TwinSources> PLANNING = new ThreadLocal<>();

    private final Sources sources;
    private final JobFlags flags;
    private final EventFormat<?> seedFormat;
    private final Map<String, TextRule> rules;
    private final List<Transformation<?>> produced = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private TwinSources(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            Map<String, TextRule> rules) {
        this.sources = sources;
        this.flags = flags;
        this.seedFormat = seedFormat;
        this.rules = rules;
    }

    static TwinSources open(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            Map<String, TextRule> rules) {
        if (PLANNING.get() != null) {
            throw new IllegalStateException("a job's SQL is already being planned on this thread");
        }
        TwinSources twin = new TwinSources(sources, flags, seedFormat, rules);
        PLANNING.set(twin);
        return twin;
    }

    /** The sources of the job being planned; outside a twin, the connector cannot be used. */
    static TwinSources current() {
        TwinSources twin = PLANNING.get();
        if (twin == null) {
            throw new ValidationException(
                    "'connector' = '"
                            + JobSourceFactory.IDENTIFIER
                            + "' reads the source that a job's --source flag chooses, so only a job's SQL"
                            + " (--impl sql) can use it; declare your own tables with 'connector' ="
                            + " 'kafka' or 'filesystem'");
        }
        return twin;
    }

    /**
     * The job's events, read and parsed as the DataStream jobs read theirs, dead letters routed;
     * the planner names the last operator after the table, so its own name is given back once the
     * query is planned ({@link #close}).
     */
    DataStream<RowData> events(JsonRows rows, WatermarkStrategy<RowData> watermarks) {
        DataStream<RowData> events = sources.events(rows, watermarks);
        produced.add(events.getTransformation());
        names.add(events.getTransformation().getName());
        return events;
    }

    /** The generator of the seed's events, for --source generator: the same JSON lines. */
    EventFormat<?> seedFormat() {
        return seedFormat;
    }

    /** The format's rules for STRING columns that the script converts, by column name. */
    Map<String, TextRule> rules() {
        return rules;
    }

    /** True when the chosen source ends by itself (a sample, a file, a bounded Kafka read...). */
    boolean bounded() {
        String kind = flags.get(Flags.SOURCE);
        switch (kind) {
            case "kafka":
                return flags.get(Flags.BOUNDED);
            case "generator":
                return flags.get(Flags.EVENTS) > 0;
            case "socket":
                return false;
            default:
                return true;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < produced.size(); i++) {
            produced.get(i).setName(names.get(i));
        }
        PLANNING.remove();
    }
}
