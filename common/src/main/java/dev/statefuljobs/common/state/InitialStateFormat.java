package dev.statefuljobs.common.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.Serializable;

/**
 * Reads one line of an initial-state JSON Lines file into a row. Serializable: each subtask parses
 * the file itself.
 */
@FunctionalInterface
public interface InitialStateFormat<K, S> extends Serializable {

    /** The line's row; a bad line throws with what is wrong (the caller adds file and line). */
    InitialRow<K, S> parse(String line) throws InvalidRecordException;
}
