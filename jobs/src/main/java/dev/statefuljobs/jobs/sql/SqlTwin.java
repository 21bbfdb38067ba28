package dev.statefuljobs.jobs.sql;

import dev.statefuljobs.common.flags.Flags;
import dev.statefuljobs.common.flags.JobFlags;
import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.job.Sources;
import dev.statefuljobs.common.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.AggregatePhaseStrategy;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.types.Row;

/**
 * Plans a job's SQL twin: a script resource ({@code sql/<job>.sql}) of {@code CREATE TABLE}s over
 * {@code 'connector' = 'job-source'} and one final {@code SELECT}, on the job's own environment, so
 * that the query reads the job's sources and its result goes to the job's sinks as a DataStream.
 *
 * <p>Every twin's script has {@code ${out-of-orderness}} (the {@code --out-of-orderness} flag, for
 * its {@code WATERMARK} clause); a twin adds its own placeholders. The session time zone is UTC:
 * windows over {@code TIMESTAMP_LTZ} then start where the DataStream jobs' epoch-aligned windows
 * start (a 1-day window is a UTC day), whatever the machine's zone. Aggregates run in one phase, so
 * that a window's {@code numLateRecordsDropped} counts late rows.
 */
public final class SqlTwin {

    private SqlTwin() {}

    /**
     * Plans a script whose query is append-only (a window TVF aggregate: each window once), with no
     * table options of its own: its rows as they are emitted.
     */
    public static DataStream<Row> appendOnly(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            String resource,
            Map<String, String> values) {
        return appendOnly(sources, flags, seedFormat, resource, values, Map.of());
    }

    /**
     * As {@link #appendOnly(Sources, JobFlags, EventFormat, String, Map)}, with the format's rules
     * for {@code STRING} columns that the script converts ({@link TextRule}), by column name.
     */
    public static DataStream<Row> appendOnly(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            String resource,
            Map<String, String> values,
            Map<String, TextRule> rules) {
        return plan(
                sources,
                flags,
                seedFormat,
                resource,
                values,
                rules,
                new Configuration(),
                StreamTableEnvironment::toDataStream);
    }

    /**
     * Plans the script and converts its query's result with {@code convert}, e.g. {@code
     * StreamTableEnvironment::toDataStream} for an append-only query or {@code ::toChangelogStream}
     * for an updating one.
     *
     * @param seedFormat the DataStream job's format of the same events: its generator writes the
     *     lines that {@code --source generator} reads
     * @param values the twin's placeholders beside {@code out-of-orderness}
     * @param tableConfig table options of the twin, e.g. {@code table.exec.state.ttl}
     */
    public static DataStream<Row> plan(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            String resource,
            Map<String, String> values,
            Configuration tableConfig,
            BiFunction<StreamTableEnvironment, Table, DataStream<Row>> convert) {
        return plan(sources, flags, seedFormat, resource, values, Map.of(), tableConfig, convert);
    }

    private static DataStream<Row> plan(
            Sources sources,
            JobFlags flags,
            EventFormat<?> seedFormat,
            String resource,
            Map<String, String> values,
            Map<String, TextRule> rules,
            Configuration tableConfig,
            BiFunction<StreamTableEnvironment, Table, DataStream<Row>> convert) {
        Map<String, String> all = new HashMap<>(values);
        all.put("out-of-orderness", SqlIntervals.literal(flags.get(Flags.OUT_OF_ORDERNESS)));
        List<SqlScript.Statement> statements = script(resource).fill(all).statements();

        Configuration conf = new Configuration();
        conf.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        // One-phase aggregation: a window aggregate's two-phase form pre-aggregates rows before the
        // exchange, and its global operator then counts the late partial aggregates it drops, not
        // the late rows (numLateRecordsDropped would undercount). One phase counts every row.
        conf.set(
                OptimizerConfigOptions.TABLE_OPTIMIZER_AGG_PHASE_STRATEGY,
                AggregatePhaseStrategy.ONE_PHASE);
        conf.addAll(tableConfig);
        StreamTableEnvironment tables =
                StreamTableEnvironment.create(
                        sources.environment(),
                        EnvironmentSettings.newInstance().withConfiguration(conf).build());
        TwinSources twin = TwinSources.open(sources, flags, seedFormat, rules);
        try {
            SqlScript.Statement query = statements.get(statements.size() - 1);
            if (!query.keyword().equals("SELECT") && !query.keyword().equals("WITH")) {
                throw new IllegalStateException(resource + " must end with its query (a SELECT)");
            }
            for (SqlScript.Statement statement : statements.subList(0, statements.size() - 1)) {
                if (!statement.keyword().equals("CREATE")) {
                    throw new IllegalStateException(
                            resource
                                    + ", line "
                                    + statement.line()
                                    + ": a twin's script declares tables and views, then ends"
                                    + " with one query");
                }
                tables.executeSql(statement.text());
            }
            // The planner builds the sources here, while the twin's sources are handed over.
            return convert.apply(tables, tables.sqlQuery(query.text()));
        } finally {
            twin.close();
        }
    }

    /** The script resource, e.g. {@code sql/clicks-per-minute.sql}. */
    public static SqlScript script(String resource) {
        try (InputStream in = SqlTwin.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no SQL resource " + resource + " in the jar");
            }
            return SqlScript.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A window TVF's {@code window_start} or {@code window_end}: a {@code TIMESTAMP(3)} in the
     * session time zone, which a twin sets to UTC.
     */
    public static Instant instant(LocalDateTime windowTime) {
        return windowTime.toInstant(ZoneOffset.UTC);
    }
}
