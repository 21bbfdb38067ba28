package dev.statefuljobs.jobs.sql;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonObjectReader;
import dev.statefuljobs.common.generator.EventGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * A table's rows as the project's sources read events: each record is decoded by the table's own
 * format (flink-json's deserializer for {@code 'format' = 'json'}, with the table's {@code json.*}
 * options), and a record that it cannot decode becomes a dead letter with flink-json's reason
 * instead of failing the job ({@code json.ignore-parse-errors = false}) or vanishing ({@code
 * true}). More rules make a decoded row a valid one:
 *
 * <ul>
 *   <li>a column declared {@code NOT NULL} must have a value: flink-json reads a missing field as
 *       null (unless {@code json.fail-on-missing-field}), and a null event time or key would fail
 *       the query later, in an operator, where nothing can route the record;
 *   <li>one record is one row: flink-json reads a top-level JSON array as one row per element,
 *       which would break "every record is one event or one dead letter";
 *   <li>a {@code STRING} column that the script converts (a time in several forms) must pass the
 *       DataStream format's rule for it ({@link TextRule}), with the format's reason if not.
 * </ul>
 */
final class JsonRows implements EventFormat<RowData> {
    private static final long serialVersionUID = 1L;

    /** How much of flink-json's reason a dead letter keeps. */
    private static final int MAX_REASON = 300;

    private final String name;
    private final DeserializationSchema<RowData> decoder;
    private final TypeInformation<RowData> type;
    private final int[] notNullIndexes;
    private final String[] notNullNames;
    private final ColumnRule[] rules;
    private final EventGenerator generator;

    private transient List<RowData> decoded;
    private transient ListCollector<RowData> collector;

    JsonRows(
            String name,
            DeserializationSchema<RowData> decoder,
            TypeInformation<RowData> type,
            int[] notNullIndexes,
            String[] notNullNames,
            ColumnRule[] rules,
            EventGenerator generator) {
        this.name = name;
        this.decoder = decoder;
        this.type = type;
        this.notNullIndexes = notNullIndexes;
        this.notNullNames = notNullNames;
        this.rules = rules;
        this.generator = generator;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TypeInformation<RowData> type() {
        return type;
    }

    @Override
    public RowData parse(String line) throws InvalidRecordException {
        if (collector == null) {
            open();
        }
        decoded.clear();
        try {
            decoder.deserialize(line.getBytes(StandardCharsets.UTF_8), collector);
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidRecordException(reason(e));
        }
        if (decoded.size() != 1) {
            throw new InvalidRecordException(
                    decoded.isEmpty()
                            ? "json format: no row (an empty array, or a null record)"
                            : "json format: a JSON array of "
                                    + decoded.size()
                                    + " rows; a record must be one JSON object");
        }
        RowData row = decoded.get(0);
        for (int i = 0; i < notNullIndexes.length; i++) {
            if (row.isNullAt(notNullIndexes[i])) {
                throw new InvalidRecordException(
                        "missing or null field '" + notNullNames[i] + "' (NOT NULL in the table)");
            }
        }
        for (ColumnRule rule : rules) {
            if (!row.isNullAt(rule.index())) {
                try {
                    rule.rule().check(row.getString(rule.index()).toString());
                } catch (IllegalArgumentException e) {
                    // The same reason as the DataStream format's: "field 'x' is not ...".
                    throw new InvalidRecordException(
                            "field '" + rule.name() + "' is " + e.getMessage());
                }
            }
        }
        return row;
    }

    /** flink-json reads whole records ({@link #parse}), never field by field. */
    @Override
    public boolean readsFields() {
        return false;
    }

    @Override
    public RowData read(JsonObjectReader fields) {
        throw new UnsupportedOperationException("table " + name + " is read by flink-json, whole");
    }

    /** Not used by the sources: the table's WATERMARK clause says where event time is. */
    @Override
    public long eventTime(RowData row) {
        throw new UnsupportedOperationException(
                "the event time of table " + name + " is its WATERMARK FOR column");
    }

    @Override
    public EventGenerator generator() {
        if (generator == null) {
            return EventFormat.super.generator();
        }
        return generator;
    }

    /**
     * Opens the decoder where it is first used, in the task: a source's parser has no open() of its
     * own. The decoder's metrics (flink-json has none) go nowhere.
     */
    private void open() {
        try {
            decoder.open(
                    new DeserializationSchema.InitializationContext() {
                        @Override
                        public MetricGroup getMetricGroup() {
                            return new UnregisteredMetricsGroup();
                        }

                        @Override
                        public UserCodeClassLoader getUserCodeClassLoader() {
                            return SimpleUserCodeClassLoader.create(
                                    JsonRows.class.getClassLoader());
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the format of table " + name, e);
        }
        decoded = new ArrayList<>(1);
        collector = new ListCollector<>(decoded);
    }

    /**
     * flink-json's reason without the record: it wraps every failure in "Failed to deserialize JSON
     * '&lt;the record&gt;'", and the dead letter already has the record. The causes below it say
     * what is wrong ("Fail to deserialize at field: eventtimestamp", "Text '...' could not be
     * parsed"); Jackson's location lines ("at [Source: ...]") repeat the record and are cut.
     */
    static String reason(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.startsWith("Failed to deserialize JSON")) {
                continue;
            }
            String first = message.lines().findFirst().orElse("").strip();
            if (!first.isEmpty() && !parts.contains(first)) {
                parts.add(first);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String reason =
                "json format: "
                        + (parts.isEmpty()
                                ? e.getClass().getSimpleName()
                                : String.join(": ", parts));
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
    }
}
