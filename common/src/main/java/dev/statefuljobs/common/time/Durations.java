package dev.statefuljobs.common.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way both audiences write them: Flink's short form ({@code 30s}, {@code 1m},
 * {@code 500ms}, {@code 1h}, {@code 1d}), Spark's interval strings ({@code "30 seconds"}, {@code "1
 * hour"}) and ISO-8601 ({@code PT30S}).
 */
public final class Durations {

    private static final Pattern PART =
            Pattern.compile("\\s*([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)\\s*");

    private Durations() {}

    /**
     * A duration in any of the three forms; "0" alone means zero. Negative durations are refused.
     */
    public static Duration parse(String text) {
        if (text != null && (text.trim().startsWith("P") || text.trim().startsWith("p"))) {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("Provided duration (" + text + ") is negative");
            }
            return d;
        }
        if (text != null && "0".equals(text.trim())) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(toMillis(text));
    }

    /**
     * Spark's interval strings ("30 seconds", "1 hour 30 minutes", "interval 10 minutes") and their
     * short forms ("30s", "1h30m", "500ms"), in milliseconds. Months and years are refused: like
     * Spark's timeout durations they have no fixed length.
     */
    public static long toMillis(String interval) {
        if (interval == null || interval.isBlank()) {
            throw new IllegalArgumentException("Provided duration (" + interval + ") is empty");
        }
        String text = interval.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("interval ")) {
            text = text.substring("interval ".length());
        }
        Matcher m = PART.matcher(text);
        double total = 0;
        int end = 0;
        while (end < text.length() && m.find(end) && m.start() == end) {
            total += Double.parseDouble(m.group(1)) * unitMillis(m.group(2), interval);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException(
                    "Cannot parse duration '"
                            + interval
                            + "': use e.g. 500ms, 30s, 1m, 1h, 1d or \"30 seconds\"");
        }
        if (total < 0) {
            throw new IllegalArgumentException("Provided duration (" + interval + ") is negative");
        }
        return Math.round(total);
    }

    private static long unitMillis(String unit, String interval) {
        return switch (unit) {
            case "ms", "milli", "millis", "millisecond", "milliseconds" -> 1L;
            case "s", "sec", "secs", "second", "seconds" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            case "w", "week", "weeks" -> 604_800_000L;
            default ->
                    throw new IllegalArgumentException(
                            "Unsupported unit '" + unit + "' in duration '" + interval + "'");
        };
    }

    /** For flags that must be above zero: throws what the value must be. */
    public static void requirePositive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("a positive duration");
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
