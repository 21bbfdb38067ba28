package dev.statefuljobs.common.time;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Event-time parsing and formatting. Everything is UTC and milliseconds since the epoch. */
public final class Timestamps {

    /** The seed's "2025-03-29 10:00:00" form, read as UTC. */
    private static final DateTimeFormatter SQL_LIKE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Event times outside years 1970..9999 are refused: they are almost always a unit mistake
     * (seconds for millis) and would otherwise park a key's timers or a window at the end of time.
     */
    public static final long MIN_EVENT_TIME_MS = 0L;

    public static final long MAX_EVENT_TIME_MS =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private Timestamps() {}

    /**
     * Parses an ISO-8601 instant such as 2023-07-30T10:00:00Z (an offset such as +02:00 is accepted
     * too).
     */
    public static long parseIsoInstant(String text) {
        try {
            return checkRange(
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME
                            .parse(text, Instant::from)
                            .toEpochMilli(),
                    text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "not an ISO-8601 instant: '" + abbreviate(text) + "'");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "timestamp out of range: '" + abbreviate(text) + "'");
        }
    }

    /** ISO-8601 instant, or the seed's "yyyy-MM-dd HH:mm:ss" in UTC. */
    public static long parseInstantOrLocal(String text) {
        if (text.length() == 19 && text.charAt(10) == ' ') {
            try {
                return checkRange(
                        LocalDateTime.parse(text, SQL_LIKE)
                                .toInstant(ZoneOffset.UTC)
                                .toEpochMilli(),
                        text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "not a 'yyyy-MM-dd HH:mm:ss' time: '" + abbreviate(text) + "'");
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

    /**
     * The same text as {@code Instant.ofEpochMilli(epochMillis).toString()} (e.g.
     * 2023-07-30T10:00:00Z, 2023-07-30T10:00:00.100Z), written directly for years 1970..9999:
     * output rows format one or two instants each, and the general ISO formatter was a visible
     * share of a windowed job's CPU (docs/benchmarks.md).
     */
    public static String toIso(long epochMillis) {
        if (epochMillis < MIN_EVENT_TIME_MS || epochMillis > MAX_EVENT_TIME_MS) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long day = epochMillis / 86_400_000L;
        int msOfDay = (int) (epochMillis % 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(day);
        byte[] b = new byte[24];
        digits(b, 0, date.getYear(), 4);
        b[4] = '-';
        digits(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, msOfDay / 3_600_000, 2);
        b[13] = ':';
        digits(b, 14, msOfDay / 60_000 % 60, 2);
        b[16] = ':';
        digits(b, 17, msOfDay / 1000 % 60, 2);
        int millis = msOfDay % 1000;
        int end = 19;
        if (millis != 0) {
            b[19] = '.';
            digits(b, 20, millis, 3);
            end = 23;
        }
        b[end] = 'Z';
        return new String(b, 0, end + 1, StandardCharsets.US_ASCII);
    }

    /**
     * Appends the same text as {@link #toIso} to {@code out}, without building a String first
     * (output rows write their instants with it).
     */
    public static void appendIso(StringBuilder out, long epochMillis) {
        if (epochMillis < MIN_EVENT_TIME_MS || epochMillis > MAX_EVENT_TIME_MS) {
            out.append(Instant.ofEpochMilli(epochMillis));
            return;
        }
        long day = epochMillis / 86_400_000L;
        int msOfDay = (int) (epochMillis % 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(out, date.getYear(), 4);
        out.append('-');
        digits(out, date.getMonthValue(), 2);
        out.append('-');
        digits(out, date.getDayOfMonth(), 2);
        out.append('T');
        digits(out, msOfDay / 3_600_000, 2);
        out.append(':');
        digits(out, msOfDay / 60_000 % 60, 2);
        out.append(':');
        digits(out, msOfDay / 1000 % 60, 2);
        int millis = msOfDay % 1000;
        if (millis != 0) {
            out.append('.');
            digits(out, millis, 3);
        }
        out.append('Z');
    }

    private static void digits(StringBuilder out, int value, int width) {
        for (int pow = width == 4 ? 1000 : width == 3 ? 100 : 10; pow > 0; pow /= 10) {
            out.append((char) ('0' + value / pow % 10));
        }
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static long checkRange(long ms, String text) {
        if (ms < MIN_EVENT_TIME_MS || ms > MAX_EVENT_TIME_MS) {
            throw new IllegalArgumentException(
                    "timestamp out of range 1970..9999: '" + abbreviate(text) + "'");
        }
        return ms;
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
