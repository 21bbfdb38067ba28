package dev.statefuljobs.jobs;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.JsonObjectReader;
import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialStateFormat;

/**
 * A row of {@code --initial-state} for running-total and running-total-expiring: a user's total,
 * written as the jobs print one, {@code {"userId":"user1","total":100.0}}. Both fields are required
 * and nothing else is allowed: an initial state is configuration, and a misspelt or unsupported
 * field (such as {@code "expired"}) must not be silently ignored.
 */
public final class InitialTotalFormat implements InitialStateFormat<String, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public InitialRow<String, Double> parse(String line) throws InvalidRecordException {
        String userId = null;
        Double total = null;
        try (JsonObjectReader r = JsonObjectReader.open(line)) {
            while (r.nextField()) {
                switch (r.name()) {
                    case "userId" -> userId = r.nonEmptyString();
                    case "total" -> total = r.finiteDouble();
                    default -> throw r.invalid("is not one of userId, total");
                }
            }
        }
        return new InitialRow<>(
                JsonObjectReader.required(userId, "userId"),
                JsonObjectReader.required(total, "total"));
    }
}
