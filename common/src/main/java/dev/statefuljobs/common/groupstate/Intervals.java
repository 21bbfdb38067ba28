package dev.statefuljobs.common.groupstate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Spark-style interval strings ("30 seconds", "1 hour 30 minutes", "interval 10 minutes",
 * "500 milliseconds") and their short forms ("30s", "1h", "500ms", "1h30m") into milliseconds.
 * Months and years are rejected: like Spark's timeout durations they have no fixed length.
 */
final class Intervals {

    private static final Pattern PART =
            Pattern.compile("\\s*([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)\\s*");

    private Intervals() {}

    static long toMillis(String interval) {
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
            throw new IllegalArgumentException("Cannot parse duration '" + interval + "'");
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
            default -> throw new IllegalArgumentException(
                    "Unsupported unit '" + unit + "' in duration '" + interval + "'");
        };
    }
}
