package dev.statefuljobs.state;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code scripts/state.sh sql}: SQL statements in a batch {@link TableEnvironment}, for Flink's
 * {@code savepoint} table connector (FLIP-496), since no SQL client jar is served for Flink 2.2.
 * Each query's rows are printed tab-separated under a header line of its column names.
 */
final class SqlStatements {

    private SqlStatements() {}

    static void run(String statements, PrintStream out) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        TableEnvironment sql =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inBatchMode()
                                .withConfiguration(conf)
                                .build());
        for (String statement : split(statements)) {
            TableResult result = sql.executeSql(statement);
            if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
                out.println(String.join("\t", result.getResolvedSchema().getColumnNames()));
                // Closed by hand: try-with-resources would warn that close() may throw
                // InterruptedException (CloseableIterator#close throws Exception).
                CloseableIterator<Row> rows = result.collect();
                try {
                    rows.forEachRemaining(row -> out.println(tabs(row)));
                } finally {
                    rows.close();
                }
            }
        }
    }

    /** The statements of a script: separated by a {@code ;} at the end of a line. */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (line.strip().startsWith("--")) {
                continue; // a comment line
            }
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                add(statements, current);
            } else {
                current.append(line).append('\n');
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        current.setLength(0);
    }

    private static String tabs(Row row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.getArity(); i++) {
            if (i > 0) {
                line.append('\t');
            }
            line.append(row.getField(i));
        }
        return line.toString();
    }
}
