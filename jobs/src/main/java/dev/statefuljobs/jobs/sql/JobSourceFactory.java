package dev.statefuljobs.jobs.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/**
 * {@code 'connector' = 'job-source'}: a table over the source that the job's flags choose (the
 * sample, a file, Kafka, the generator, a socket), read by the project's own sources and decoded by
 * the table's {@code 'format'}. What the Kafka or filesystem connector would add by itself, the
 * job's sources already do, with the same flags as every DataStream job: per-partition watermarks
 * from the table's {@code WATERMARK} clause, idle partitions, per-event watermarks for replays,
 * bounded Kafka reads, the record size limit, and dead letters for the records the format cannot
 * decode.
 */
public final class JobSourceFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "job-source";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        List<Column> physical = schema.getColumns().stream().filter(Column::isPhysical).toList();
        List<Integer> indexes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            if (!physical.get(i).getDataType().getLogicalType().isNullable()) {
                indexes.add(i);
                names.add(physical.get(i).getName());
            }
        }
        TwinSources twin = TwinSources.current();
        List<ColumnRule> rules = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            TextRule rule = twin.rules().get(physical.get(i).getName());
            if (rule == null) {
                continue;
            }
            if (!physical.get(i)
                    .getDataType()
                    .getLogicalType()
                    .is(LogicalTypeFamily.CHARACTER_STRING)) {
                throw new ValidationException(
                        "column '"
                                + physical.get(i).getName()
                                + "' has a rule of the job's format for its text, so it must be a"
                                + " STRING");
            }
            rules.add(new ColumnRule(i, physical.get(i).getName(), rule));
        }
        return new JobTableSource(
                twin,
                context.getObjectIdentifier().getObjectName(),
                format,
                context.getPhysicalRowDataType(),
                indexes.stream().mapToInt(Integer::intValue).toArray(),
                names.toArray(new String[0]),
                rules.toArray(new ColumnRule[0]));
    }
}
