package dev.statefuljobs.jobs.sql;

import java.time.Duration;

/**
 * A duration flag as a Flink SQL interval literal, in the largest unit that holds it exactly:
 * {@code 1m} is {@code INTERVAL '1' MINUTE}, {@code 90s} {@code INTERVAL '90' SECOND}, {@code
 * 1500ms} {@code INTERVAL '1.500' SECOND}. SQL's default leading precision is 2 digits, so a larger
 * count names its precision ({@code INTERVAL '120' MINUTE(3)}).
 */
public final class SqlIntervals {

    private SqlIntervals() {}

    public static String literal(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a negative interval: " + duration);
        }
        long ms = duration.toMillis();
        if (ms % 1000 != 0) {
            String seconds = (ms / 1000) + "." + String.format("%03d", ms % 1000);
            return "INTERVAL '" + seconds + "' SECOND" + precision(ms / 1000, 3);
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"DAY", "HOUR", "MINUTE", "SECOND"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0 && (ms > 0 || i == sizes.length - 1)) {
                long count = ms / sizes[i];
                return "INTERVAL '" + count + "' " + units[i] + precision(count, 0);
            }
        }
        throw new AssertionError(duration);
    }

    /** {@code (p)} or {@code (p, 3)} when the count has more digits than SQL's default 2. */
    private static String precision(long count, int fraction) {
        int digits = Long.toString(count).length();
        if (digits <= 2) {
            return fraction == 0 ? "" : "(2, " + fraction + ")";
        }
        return fraction == 0 ? "(" + digits + ")" : "(" + digits + ", " + fraction + ")";
    }
}
