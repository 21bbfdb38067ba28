package dev.statefuljobs.state;

import org.apache.flink.api.java.functions.KeySelector;

/** The key of a state row, for keying the lines of a bootstrap by the job's key. */
final class KeyOfLine implements KeySelector<String, String> {
    private static final long serialVersionUID = 1L;

    private final StateRowFormat<?> format;

    KeyOfLine(StateRowFormat<?> format) {
        this.format = format;
    }

    @Override
    public String getKey(String line) {
        return format.key(line);
    }
}
