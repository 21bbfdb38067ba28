package dev.statefuljobs.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * The lines of a file as bytes, split where Flink's {@code TextLineInputFormat} splits them (at
 * {@code \n}, {@code \r} or {@code \r\n}, as {@code BufferedReader.readLine}), but not decoded: the
 * parser reads most records straight from the bytes ({@link RecordParser#parseLine}), and decoding
 * every line to a String first was a tenth of a source's CPU. Like {@code TextLineInputFormat}, a
 * file is one split, and a restored reader skips the lines it had already emitted.
 */
public final class ByteLineFormat extends SimpleStreamFormat<byte[]> {
    private static final long serialVersionUID = 1L;

    private static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream);
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** Splits a stream into lines; public for its test, which compares it with readLine. */
    public static final class LineReader implements StreamFormat.Reader<byte[]> {
        private final InputStream in;
        private byte[] buffer = new byte[BUFFER_BYTES];
        private int pos;
        private int limit;
        private boolean endOfStream;
        // The last line ended with '\r': a '\n' right after it is part of that line ending.
        private boolean skipLineFeed;

        public LineReader(InputStream in) {
            this.in = in;
        }

        @Nullable
        @Override
        public byte[] read() throws IOException {
            if (skipLineFeed) {
                if (pos == limit && !fill()) {
                    return null;
                }
                if (buffer[pos] == '\n') {
                    pos++;
                }
                skipLineFeed = false;
            }
            int scan = pos;
            while (true) {
                for (; scan < limit; scan++) {
                    byte c = buffer[scan];
                    if (c == '\n' || c == '\r') {
                        byte[] line = Arrays.copyOfRange(buffer, pos, scan);
                        pos = scan + 1;
                        skipLineFeed = c == '\r';
                        return line;
                    }
                }
                int scanned = scan - pos;
                if (!fill()) {
                    if (pos == limit) {
                        return null;
                    }
                    byte[] line = Arrays.copyOfRange(buffer, pos, limit);
                    pos = limit;
                    return line;
                }
                scan = pos + scanned;
            }
        }

        /**
         * Moves the unread bytes to the front of the buffer (growing it if they fill it) and reads
         * more after them; false at the end of the stream.
         */
        private boolean fill() throws IOException {
            if (endOfStream) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                endOfStream = true;
                return false;
            }
            limit += n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
