package dev.statefuljobs.common.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way both audiences write them: Flink's short form ({@code 30s}, {@code 1m},
 * {@code 500ms}, {@code 1h}, {@code 1d}), Spark's interval strings ({@code "30 seconds"}, {@code "1 hour"})
 * and ISO-8601 ({@code PT30S}).
 */
public final class Durations {

    private static final Pattern AMOUNT_UNIT = Pattern.compile("^\\s*(\\d+)\\s*([a-zA-Z]+)\\s*$");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A duration is required, e.g. 30s, 1m, 1h or \"30 seconds\"");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        }
        if ("0".equals(trimmed)) {
            return Duration.ZERO;
        }
        Matcher m = AMOUNT_UNIT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Cannot parse duration '" + text + "': use e.g. 500ms, 30s, 1m, 1h, 1d or \"30 seconds\"");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms": case "milli": case "millis": case "millisecond": case "milliseconds":
                return Duration.ofMillis(amount);
            case "s": case "sec": case "secs": case "second": case "seconds":
                return Duration.ofSeconds(amount);
            case "m": case "min": case "mins": case "minute": case "minutes":
                return Duration.ofMinutes(amount);
            case "h": case "hour": case "hours":
                return Duration.ofHours(amount);
            case "d": case "day": case "days":
                return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException("Unknown unit '" + m.group(2) + "' in duration '" + text + "'");
        }
    }

    /** The shortest readable form: 1m rather than 60s, for names shown in the web UI. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1000L == 0) return ms / 1000L + "s";
        return ms + "ms";
    }
}
