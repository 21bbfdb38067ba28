package dev.statefuljobs.state;

import java.io.IOException;
import java.util.List;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * How one stateful operator of a job keeps its keyed state: its uid, the names of its keyed states,
 * and how to turn them into JSON lines ({@link #read}) and back ({@link #bootstrap}). {@link
 * JobStates} lists each job's operators; docs/state.md has the same table, and {@code
 * StateLayoutTest} checks both against the jobs themselves.
 *
 * <p>This is the extension point for a new kind of state: GroupState ({@link GroupStateLayout}),
 * transformWithState ({@link TwsLayout}), windows, reduce; a job without a layout gets {@link
 * Unsupported}'s sentence.
 */
abstract class OperatorLayout {

    private final String uid;

    OperatorLayout(String uid) {
        this.uid = uid;
    }

    /** The operator's uid, e.g. {@code running-total}. */
    final String uid() {
        return uid;
    }

    /** The names of the keyed states the operator keeps (timers excluded). */
    abstract List<String> keyedStates();

    /**
     * The operator's keyed state as JSON lines, one per key (per key and window for window
     * operators).
     */
    abstract DataStream<String> read(SavepointReader savepoint) throws IOException;

    /**
     * The rows that {@link #bootstrap} accepts, or null when the operator's state cannot be
     * bootstrapped (a window's state is rebuilt from its input).
     */
    RowFormat rowFormat() {
        return null;
    }

    /** Why {@link #rowFormat()} is null: one sentence. */
    String whyNoBootstrap() {
        return "its state cannot be written from JSON lines";
    }

    /**
     * Writes each line (already accepted by {@link #rowFormat()}) as its key's state, with the
     * timers the job expects. Only called when {@link #rowFormat()} is not null.
     */
    StateBootstrapTransformation<String> bootstrap(DataStream<String> lines, int maxParallelism) {
        throw new UnsupportedOperationException(whyNoBootstrap());
    }

    /**
     * A job that has no layout yet: reading or writing its state stops with {@link #sentence()}.
     */
    static final class Unsupported extends OperatorLayout {
        private final String job;

        Unsupported(String job) {
            super(null);
            this.job = job;
        }

        @Override
        List<String> keyedStates() {
            return List.of();
        }

        @Override
        DataStream<String> read(SavepointReader savepoint) {
            throw new StateToolException(sentence());
        }

        @Override
        String whyNoBootstrap() {
            return sentence();
        }

        String sentence() {
            return "Reading and writing state is not yet supported for "
                    + job
                    + ": scripts/state.sh has no layout for its operators (docs/state.md lists"
                    + " the jobs it supports).";
        }
    }
}
