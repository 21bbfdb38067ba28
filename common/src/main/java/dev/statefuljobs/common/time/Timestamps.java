package dev.statefuljobs.common.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Event-time parsing and formatting. Everything is UTC and milliseconds since the epoch. */
public final class Timestamps {

    /** The seed's "2025-03-29 10:00:00" form, read as UTC. */
    private static final DateTimeFormatter SQL_LIKE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Event times outside years 1970..9999 are refused: they are almost always a unit mistake (seconds for
     * millis) and would otherwise park a key's timers or a window at the end of time.
     */
    public static final long MIN_EVENT_TIME_MS = 0L;
    public static final long MAX_EVENT_TIME_MS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private Timestamps() {}

    /** Parses an ISO-8601 instant such as 2023-07-30T10:00:00Z (an offset such as +02:00 is accepted too). */
    public static long parseIsoInstant(String text) {
        try {
            return checkRange(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).toEpochMilli(), text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant: '" + abbreviate(text) + "'");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp out of range: '" + abbreviate(text) + "'");
        }
    }

    /** ISO-8601 instant, or the seed's "yyyy-MM-dd HH:mm:ss" in UTC. */
    public static long parseInstantOrLocal(String text) {
        if (text.length() == 19 && text.charAt(10) == ' ') {
            try {
                return checkRange(LocalDateTime.parse(text, SQL_LIKE).toInstant(ZoneOffset.UTC).toEpochMilli(), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a 'yyyy-MM-dd HH:mm:ss' time: '" + abbreviate(text) + "'");
            }
        }
        return parseIsoInstant(text);
    }

    public static long fromEpochSeconds(long seconds) {
        if (seconds < MIN_EVENT_TIME_MS / 1000 || seconds > MAX_EVENT_TIME_MS / 1000) {
            throw new IllegalArgumentException("epoch seconds out of range: " + seconds);
        }
        return seconds * 1000L;
    }

    public static String toIso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static long checkRange(long ms, String text) {
        if (ms < MIN_EVENT_TIME_MS || ms > MAX_EVENT_TIME_MS) {
            throw new IllegalArgumentException("timestamp out of range 1970..9999: '" + abbreviate(text) + "'");
        }
        return ms;
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
