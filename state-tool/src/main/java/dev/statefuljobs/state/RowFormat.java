package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.Serializable;

/**
 * The JSON lines that an operator's {@code bootstrap} accepts, one key each, as {@code read} prints
 * them: {@link StateRowFormat} for one value per key, {@link TwsRowFormat} for transformWithState's
 * named variables and timers.
 */
interface RowFormat extends Serializable {

    /** Parses the whole line and returns its key, or says in one sentence what is wrong with it. */
    String parseKey(String line) throws InvalidRecordException;

    /** The row's top-level field names, in print order, e.g. {@code userId, total, timeout_at}. */
    String fieldNames();
}
