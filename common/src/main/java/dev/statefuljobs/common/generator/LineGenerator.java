package dev.statefuljobs.common.generator;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A deterministic stream of JSON lines: line {@code i} depends only on the seed and {@code i}, so
 * any range of the stream can be produced by any thread or Flink subtask, in any order, and a run
 * is reproducible.
 *
 * <p>Event times advance steadily by {@link #STEP_MS} per event from {@link #BASE_TIME_MS}
 * (2025-01-01T00:00:00Z), so windows close and timeouts fire as the stream goes on. A share of the
 * events ({@code lateFraction}) is pushed back by {@code latePushBack}, which should exceed the
 * job's watermark bound (the CLI and the source use {@code --out-of-orderness} plus {@code
 * --late-by}) so that they arrive late.
 */
public final class LineGenerator implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long BASE_TIME_MS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    public static final long STEP_MS = 100;

    private final EventGenerator events;
    private final long seed;
    private final int keys;
    private final double lateFraction;
    private final long latePushBackMs;

    public LineGenerator(
            EventGenerator events,
            long seed,
            int keys,
            double lateFraction,
            Duration latePushBack) {
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1, got " + keys);
        }
        if (!(lateFraction >= 0 && lateFraction <= 1)) {
            throw new IllegalArgumentException(
                    "--late-fraction must be between 0 and 1, got " + lateFraction);
        }
        this.events = events;
        this.seed = seed;
        this.keys = keys;
        this.lateFraction = lateFraction;
        this.latePushBackMs = latePushBack.toMillis();
    }

    /** The JSON line of event {@code index}. */
    public String line(long index) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        // Always draw in the same order: key, lateness, then the format's own fields.
        int key = 1 + rnd.nextInt(keys);
        long time = onTimeEventTime(index);
        if (rnd.nextDouble() < lateFraction) {
            time -= latePushBackMs;
        }
        return events.line(index, key, time, rnd);
    }

    /** The event time of event {@code index} when it is not late. */
    public static long onTimeEventTime(long index) {
        return BASE_TIME_MS + index * STEP_MS;
    }

    /**
     * SplitMix64's finaliser over seed and index: neighbouring indexes get unrelated random
     * streams.
     */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
