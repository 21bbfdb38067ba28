package dev.statefuljobs.common.io;

import dev.statefuljobs.common.format.EventFormat;
import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.format.Utf8ObjectReader;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns raw input (a line of text, a line of a file as bytes, or the bytes of a Kafka record) into
 * {@link Parsed}: never throws, never returns null. Records longer than the size limit are refused
 * before they are parsed, so that one huge record cannot exhaust memory; the limit is {@code
 * --max-record-bytes} (1 MiB by default).
 *
 * <p>Bytes are first read directly ({@link Utf8ObjectReader}); whatever that reader does not take
 * (an error, an escape, invalid UTF-8, ...) is decoded and parsed as text, exactly as before, so
 * the events and the dead letters do not depend on which reader read them. Each task has its own
 * copy of a parser (Flink deserializes one per task), which is not thread-safe.
 */
public final class RecordParser<E> implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /** How much of an oversized record its dead letter keeps. */
    public static final int MAX_RAW_KEPT = 1024;

    private final EventFormat<E> format;
    private final String source;
    private final int maxRecordBytes;
    private transient Utf8ObjectReader bytesReader;

    public RecordParser(EventFormat<E> format, String source, int maxRecordBytes) {
        this.format = format;
        this.source = source;
        this.maxRecordBytes = maxRecordBytes;
    }

    public EventFormat<E> format() {
        return format;
    }

    public Parsed<E> parse(String line) {
        // A UTF-8 char takes at most 3 bytes per UTF-16 unit; check the cheap bound before
        // encoding.
        if (line.length() > maxRecordBytes / 3
                && line.getBytes(StandardCharsets.UTF_8).length > maxRecordBytes) {
            return Parsed.failed(
                    new DeadLetter(
                            source,
                            tooLarge(line.getBytes(StandardCharsets.UTF_8).length),
                            line.substring(0, Math.min(MAX_RAW_KEPT, line.length())),
                            null,
                            true));
        }
        try {
            return Parsed.ok(format.parse(line));
        } catch (InvalidRecordException e) {
            return Parsed.failed(new DeadLetter(source, e.getMessage(), line, null, false));
        }
    }

    public Parsed<E> parse(byte[] bytes) {
        if (bytes == null) {
            return Parsed.failed(
                    new DeadLetter(source, "record has no value (null)", null, null, false));
        }
        if (bytes.length > maxRecordBytes) {
            return Parsed.failed(
                    new DeadLetter(
                            source,
                            tooLarge(bytes.length),
                            null,
                            Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, MAX_RAW_KEPT)),
                            true));
        }
        Parsed<E> read = format.readsFields() ? readBytes(bytes) : null;
        if (read != null) {
            return read;
        }
        String line;
        try {
            line =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            return Parsed.failed(
                    new DeadLetter(
                            source,
                            "not valid UTF-8",
                            null,
                            Base64.getEncoder().encodeToString(bytes),
                            false));
        }
        return parse(line);
    }

    /**
     * One line of a file, as {@link ByteLineFormat} splits it: the same result as {@link
     * #parse(String)} on the line that Flink's {@code TextLineInputFormat} would have decoded
     * (bytes that are not UTF-8 become U+FFFD there, rather than a dead letter as in Kafka).
     */
    public Parsed<E> parseLine(byte[] line) {
        if (line.length <= maxRecordBytes && format.readsFields()) {
            Parsed<E> read = readBytes(line);
            if (read != null) {
                return read;
            }
        }
        return parse(new String(line, StandardCharsets.UTF_8));
    }

    /**
     * The event read straight from the bytes, or null when they must be read as text: the reader
     * gave up, or the record is invalid (the text reader then gives the reason). It only succeeds
     * on input it read to the end as valid UTF-8, so it needs no decoding check first.
     */
    private Parsed<E> readBytes(byte[] bytes) {
        Utf8ObjectReader reader = bytesReader;
        if (reader == null) {
            reader = bytesReader = new Utf8ObjectReader();
        }
        if (!reader.reset(bytes, 0, bytes.length)) {
            return null;
        }
        try {
            E event = format.read(reader);
            return reader.readCleanly() ? Parsed.ok(event) : null;
        } catch (InvalidRecordException | RuntimeException e) {
            return null;
        }
    }

    private String tooLarge(int bytes) {
        return "record of "
                + bytes
                + " bytes exceeds the limit of "
                + maxRecordBytes
                + " bytes (--max-record-bytes)";
    }
}
