package dev.statefuljobs.state;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes lines to {@code <dir>/part-<subtask>.jsonl} on any Flink file system: {@code read
 * --output} on a cluster, where the state is too large to bring back to the client. Each subtask
 * writes one file of its own, so nothing is shared and nothing is committed: the reading job is
 * bounded, and a failed run is simply run again into a fresh directory.
 */
final class LineFiles implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String dir;

    LineFiles(String dir) {
        this.dir = dir;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Path file =
                new Path(dir, "part-" + context.getTaskInfo().getIndexOfThisSubtask() + ".jsonl");
        BufferedWriter out =
                new BufferedWriter(
                        new OutputStreamWriter(
                                file.getFileSystem()
                                        .create(file, FileSystem.WriteMode.NO_OVERWRITE),
                                StandardCharsets.UTF_8));
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context ctx) throws IOException {
                out.write(line);
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
