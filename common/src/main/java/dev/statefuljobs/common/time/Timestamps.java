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
        long common = parseCommonIso(text);
        if (common != NOT_COMMON) {
            return checkRange(common, text);
        }
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

    /** What {@link #parseCommonIso} returns for text outside its common form. */
    static final long NOT_COMMON = Long.MIN_VALUE;

    private static final long DAYS_0000_TO_1970 = 719_528L;

    /**
     * The common form of an ISO-8601 instant, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} and {@code Z} or
     * {@code ±HH:mm}, read directly: the general formatter builds a field map per value and was
     * half of a click source's CPU (docs/benchmarks.md). Returns the same milliseconds as {@code
     * ISO_OFFSET_DATE_TIME} then {@code Instant.toEpochMilli()}, or {@link #NOT_COMMON} for any
     * text it does not fully check (other forms, invalid fields), which then goes through the
     * formatter, so errors and rarer forms read exactly as before ({@code TimestampsTest}).
     */
    static long parseCommonIso(String text) {
        int n = text.length();
        if (n < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return NOT_COMMON;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > monthLength(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return NOT_COMMON;
        }
        int at = 19;
        int millis = 0;
        if (text.charAt(at) == '.') {
            int digits = 0;
            for (at++; at < n && digits < 10; at++, digits++) {
                char c = text.charAt(at);
                if (c < '0' || c > '9') {
                    break;
                }
                if (digits < 3) {
                    millis = millis * 10 + (c - '0');
                }
            }
            if (digits == 0 || digits > 9) {
                return NOT_COMMON;
            }
            for (; digits < 3; digits++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (at == n - 1 && text.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at == n - 6
                && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int oh = number(text, at + 1, 2);
            int om = number(text, at + 4, 2);
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return NOT_COMMON;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (text.charAt(at) == '-' ? -1 : 1);
        } else {
            return NOT_COMMON;
        }
        long seconds =
                epochDay(year, month, day) * 86_400L
                        + hour * 3600
                        + minute * 60
                        + second
                        - offsetSeconds;
        return seconds * 1000L + millis;
    }

    /** The decimal number in {@code text[at, at + width)}, or -1 if a character is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int monthLength(int year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** {@code LocalDate.of(year, month, day).toEpochDay()} for years 0..9999. */
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
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

    /** The text up to the seconds of one minute, "2023-07-30T10:01:", kept for reuse. */
    private static final class Minute {
        final long minute;
        final String text;

        Minute(long minute, String text) {
            this.minute = minute;
            this.text = text;
        }
    }

    // Indexed by the minute's low bits. Shared by all threads: an entry is immutable, so a race
    // only means that a minute's text is made twice.
    private static final Minute[] MINUTES = new Minute[1024];

    /**
     * Appends the same text as {@link #toIso} to {@code out}, without building a String first.
     * Output rows write one or two instants each, mostly of the same few minutes (a window's start
     * and end, events close in time), so the text up to the seconds is made once per minute and
     * reused: it was half of the cost of a windowed job's output row (docs/benchmarks.md).
     */
    public static void appendIso(StringBuilder out, long epochMillis) {
        if (epochMillis < MIN_EVENT_TIME_MS || epochMillis > MAX_EVENT_TIME_MS) {
            out.append(Instant.ofEpochMilli(epochMillis));
            return;
        }
        long minute = epochMillis / 60_000L;
        int slot = (int) (minute & (MINUTES.length - 1));
        Minute kept = MINUTES[slot];
        if (kept == null || kept.minute != minute) {
            kept = new Minute(minute, toIso(minute * 60_000L).substring(0, 17));
            MINUTES[slot] = kept;
        }
        out.append(kept.text);
        int msOfMinute = (int) (epochMillis - minute * 60_000L);
        int second = msOfMinute / 1000;
        int millis = msOfMinute % 1000;
        out.append((char) ('0' + second / 10)).append((char) ('0' + second % 10));
        if (millis != 0) {
            out.append('.')
                    .append((char) ('0' + millis / 100))
                    .append((char) ('0' + millis / 10 % 10))
                    .append((char) ('0' + millis % 10));
        }
        out.append('Z');
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
