package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.JsonLine;
import dev.statefuljobs.common.format.JsonRecord;
import org.apache.flink.types.Row;

/**
 * One row of {@code running-total --impl sql --changelog}: the SQL aggregate's changelog as it is,
 * {@code {"op":"-U","userId":"user1","total":50.0}}. {@code op} is the row's kind: {@code +I} a
 * user's first total, {@code -U} the total an update retracts, {@code +U} the new total.
 */
public class TotalChange implements JsonRecord {
    public String op;
    public String userId;
    public double total;

    public TotalChange() {}

    public TotalChange(String op, String userId, double total) {
        this.op = op;
        this.userId = userId;
        this.total = total;
    }

    /** A row of the query {@code SELECT userId, SUM(amount) AS total ... GROUP BY userId}. */
    public static TotalChange of(Row row) {
        return new TotalChange(
                row.getKind().shortString(),
                row.<String>getFieldAs("userId"),
                row.<Double>getFieldAs("total"));
    }

    @Override
    public String key() {
        return userId;
    }

    @Override
    public String toJson() {
        return JsonLine.object()
                .field("op", op)
                .field("userId", userId)
                .field("total", total)
                .toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
