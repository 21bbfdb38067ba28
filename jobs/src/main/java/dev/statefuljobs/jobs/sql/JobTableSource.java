package dev.statefuljobs.jobs.sql;

import dev.statefuljobs.common.generator.EventGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The scan of a {@code 'job-source'} table. The planner pushes the table's {@code WATERMARK FOR ts
 * AS ts - INTERVAL ...} into it ({@link SupportsWatermarkPushDown}), as it does into Flink's Kafka
 * connector: the watermarks are then generated where the records are read, per Kafka partition,
 * with the job's idle timeout and per-event emission, not by an operator after the source.
 */
final class JobTableSource implements ScanTableSource, SupportsWatermarkPushDown {

    private final TwinSources twin;
    private final String table;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalType;
    private final int[] notNullIndexes;
    private final String[] notNullNames;
    private final ColumnRule[] rules;
    private WatermarkStrategy<RowData> watermarks = WatermarkStrategy.noWatermarks();

    JobTableSource(
            TwinSources twin,
            String table,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalType,
            int[] notNullIndexes,
            String[] notNullNames,
            ColumnRule[] rules) {
        this.twin = twin;
        this.table = table;
        this.format = format;
        this.physicalType = physicalType;
        this.notNullIndexes = notNullIndexes;
        this.notNullNames = notNullNames;
        this.rules = rules;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        JsonRows rows =
                new JsonRows(
                        table,
                        format.createRuntimeDecoder(context, physicalType),
                        context.createTypeInformation(physicalType),
                        notNullIndexes,
                        notNullNames,
                        rules,
                        seedGenerator());
        WatermarkStrategy<RowData> strategy = watermarks;
        boolean bounded = twin.bounded();
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                return twin.events(rows, strategy);
            }

            @Override
            public boolean isBounded() {
                return bounded;
            }
        };
    }

    /**
     * --source generator writes the seed's JSON, so the twin reads what its DataStream job does.
     */
    private EventGenerator seedGenerator() {
        try {
            return twin.seedFormat().generator();
        } catch (IllegalArgumentException noGenerator) {
            return null;
        }
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarks = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        JobTableSource copy =
                new JobTableSource(
                        twin, table, format, physicalType, notNullIndexes, notNullNames, rules);
        copy.watermarks = watermarks;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return JobSourceFactory.IDENTIFIER;
    }
}
