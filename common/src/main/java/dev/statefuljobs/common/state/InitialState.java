package dev.statefuljobs.common.state;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The state some keys start with, Spark's {@code initialState} of {@code
 * [flat]mapGroupsWithState(..., initialState)} (3.2+) and of {@code transformWithState(...,
 * initialState)} (4.0): a set of (key, value) rows, applied once when the job starts fresh and
 * never again on a restore from a checkpoint or savepoint.
 *
 * <p>It is only a source of rows; {@link InitialStateOperator} (for a keyed process function) and
 * {@link InitialStateReduceOperator} (for a keyed reduce) apply them. Serializable: every subtask
 * reads the rows itself and keeps those of its own keys, so there is no extra input, no extra
 * operator, and nothing in the job graph that differs from a job without initial state.
 *
 * <p>Two sources: {@link #jsonLines} (a file, read with Flink's FileSystem API, so local paths and
 * cluster file systems such as {@code hdfs://} or {@code s3://} both work) and {@link #of} (a list,
 * for tests). Each subtask reads the whole source: fine for the thousands to millions of rows a
 * seed file holds; for far larger initial state, write a savepoint with Flink's State Processor API
 * and start the job from it.
 */
public interface InitialState<K, S> extends Serializable {

    /** Receives the rows of an initial state, each with its line (1-based). */
    @FunctionalInterface
    interface Rows<K, S> {
        void accept(long line, InitialRow<K, S> row) throws Exception;
    }

    /** What error messages call this source, e.g. {@code initial state /data/totals.jsonl}. */
    String origin();

    /**
     * Passes every row, in order, to {@code rows}.
     *
     * @throws InvalidInitialStateException for a row that cannot be read, naming {@link #origin},
     *     the line and why
     * @throws IOException when the source cannot be read at all
     */
    void read(Rows<K, S> rows) throws Exception;

    /**
     * Reads every row once, now, and fails on the first bad row or on two rows for one key: a job
     * calls it while it is built, so a bad file is refused before anything is submitted. The
     * operators check again when they apply the rows (the file may have changed since).
     *
     * @return this
     * @throws InvalidInitialStateException naming the origin, the line and the reason, or the key
     */
    default InitialState<K, S> validate() {
        DistinctKeys<K> keys = new DistinctKeys<>(origin());
        try {
            read((line, row) -> keys.add(row.key(), line));
        } catch (IOException e) {
            throw new InvalidInitialStateException(origin() + " cannot be read: " + e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(origin() + ": " + e, e);
        }
        return this;
    }

    /** The rows of a JSON Lines file, one row per non-blank line, parsed by {@code format}. */
    static <K, S> InitialState<K, S> jsonLines(String path, InitialStateFormat<K, S> format) {
        return new JsonLinesInitialState<>(path, format);
    }

    /** These rows (for tests); keys and values must be serializable. */
    static <K, S> InitialState<K, S> of(List<InitialRow<K, S>> rows) {
        return new ListInitialState<>(rows);
    }
}
