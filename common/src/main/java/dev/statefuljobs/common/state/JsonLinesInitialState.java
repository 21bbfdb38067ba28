package dev.statefuljobs.common.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.core.fs.Path;

/**
 * An initial state read from a JSON Lines file through Flink's FileSystem API, so the path may be
 * local ({@code /data/x.jsonl}, {@code file:///...}) or on a cluster file system. On a cluster
 * every TaskManager reads it: a local path must exist on each of them.
 */
final class JsonLinesInitialState<K, S> implements InitialState<K, S> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final InitialStateFormat<K, S> format;

    JsonLinesInitialState(String path, InitialStateFormat<K, S> format) {
        this.path = Objects.requireNonNull(path, "path");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public String origin() {
        return "initial state " + path;
    }

    @Override
    public void read(Rows<K, S> rows) throws Exception {
        Path file = new Path(path);
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(
                                file.getFileSystem().open(file), StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank()) {
                    rows.accept(number, parse(line, number));
                }
            }
        }
    }

    private InitialRow<K, S> parse(String line, long number) {
        try {
            return format.parse(line);
        } catch (InvalidRecordException | RuntimeException e) {
            throw new InvalidInitialStateException(
                    origin() + ", line " + number + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return origin();
    }
}
