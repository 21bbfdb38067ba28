package dev.statefuljobs.common.state;

import java.util.ArrayList;
import java.util.List;

/** An initial state given as a list (for tests): row {@code i} is "line" {@code i + 1}. */
final class ListInitialState<K, S> implements InitialState<K, S> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<InitialRow<K, S>> rows;

    ListInitialState(List<InitialRow<K, S>> rows) {
        this.rows = new ArrayList<>(rows);
    }

    @Override
    public String origin() {
        return "initial state (a list of " + rows.size() + " rows)";
    }

    @Override
    public void read(Rows<K, S> consumer) throws Exception {
        for (int i = 0; i < rows.size(); i++) {
            consumer.accept(i + 1, rows.get(i));
        }
    }

    @Override
    public String toString() {
        return origin();
    }
}
