package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import org.apache.flink.api.java.functions.KeySelector;

/** The key of a state row, for keying the lines of a bootstrap by the job's key. */
final class KeyOfLine implements KeySelector<String, String> {
    private static final long serialVersionUID = 1L;

    private final RowFormat format;

    KeyOfLine(RowFormat format) {
        this.format = format;
    }

    @Override
    public String getKey(String line) {
        try {
            return format.parseKey(line);
        } catch (InvalidRecordException e) {
            throw new IllegalArgumentException("a checked line no longer parses: " + line, e);
        }
    }
}
