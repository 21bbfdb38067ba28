package dev.statefuljobs.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteLineFormat} must give the lines that Flink's {@code TextLineInputFormat} gives (a
 * {@code BufferedReader} over a UTF-8 {@code InputStreamReader}), once each line's bytes are
 * decoded as {@link RecordParser#parseLine} decodes them: the same line breaks ({@code \n}, {@code
 * \r}, {@code \r\n}, across buffer boundaries), the same last line, and the same replacement of
 * bytes that are not UTF-8.
 */
class ByteLineFormatTest {

    private static final byte[][] PIECES = {
        "abc".getBytes(StandardCharsets.US_ASCII),
        "{\"user_id\":\"u1\"}".getBytes(StandardCharsets.US_ASCII),
        {'\n'},
        {'\r'},
        {'\r', '\n'},
        {'\n', '\r'},
        {},
        "caf\u00e9 \u65e5\u672c \ud83d\ude00".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {(byte) 0x80},
        {(byte) 0xFF},
        {(byte) 0xC3},
        {(byte) 0xC3, 0x28},
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xE2},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF0, (byte) 0x9F},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {0},
    };

    @Test
    void linesAreThoseOfReadLine() throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 3_000; i++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int pieces = rnd.nextInt(i % 100 == 0 ? 40_000 : 60);
            for (int p = 0; p < pieces; p++) {
                if (rnd.nextInt(2000) == 0) {
                    stream.writeBytes(
                            "x".repeat(rnd.nextInt(200_000)).getBytes(StandardCharsets.US_ASCII));
                }
                stream.writeBytes(PIECES[rnd.nextInt(PIECES.length)]);
            }
            byte[] bytes = stream.toByteArray();
            int chunk = 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 100_000);
            assertEquals(readLines(bytes, chunk), byteLines(bytes, chunk), "stream " + i);
        }
    }

    @Test
    void endsOfStream() throws IOException {
        for (String s :
                new String[] {
                    "", "\n", "\r", "\r\n", "a", "a\n", "a\r", "a\r\n", "\n\n", "\r\r\n\n"
                }) {
            byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
            assertEquals(readLines(bytes, 1), byteLines(bytes, 1), s);
            assertEquals(readLines(bytes, 100), byteLines(bytes, 100), s);
        }
    }

    private static List<String> readLines(byte[] bytes, int chunk) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(new Chunked(bytes, chunk), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> byteLines(byte[] bytes, int chunk) throws IOException {
        List<String> lines = new ArrayList<>();
        try (ByteLineFormat.LineReader reader =
                new ByteLineFormat.LineReader(new Chunked(bytes, chunk))) {
            for (byte[] line = reader.read(); line != null; line = reader.read()) {
                lines.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** Hands out at most {@code chunk} bytes per read, as a file system may. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
