package dev.statefuljobs.jobs;

import dev.statefuljobs.common.state.InitialRow;
import dev.statefuljobs.common.state.InitialState;

/**
 * running-total's initial totals as keyed-sum's state holds them: a {@link RunningTotal} per user,
 * the value that its first amount is added to.
 */
final class InitialRunningTotals implements InitialState<String, RunningTotal> {
    private static final long serialVersionUID = 1L;

    private final InitialState<String, Double> totals;

    InitialRunningTotals(InitialState<String, Double> totals) {
        this.totals = totals;
    }

    @Override
    public String origin() {
        return totals.origin();
    }

    @Override
    public void read(Rows<String, RunningTotal> rows) throws Exception {
        totals.read(
                (line, row) ->
                        rows.accept(
                                line,
                                new InitialRow<>(
                                        row.key(), new RunningTotal(row.key(), row.value()))));
    }
}
