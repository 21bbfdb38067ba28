package dev.statefuljobs.common.pipeline;

import dev.statefuljobs.common.time.Durations;
import org.apache.flink.util.ParameterTool;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command-line flags of a job ({@code --name value}), read through Flink's {@link ParameterTool} so that
 * they also show in the web UI as global job parameters. Every read is checked: a wrong value says which
 * flag and which values are allowed, and a flag that no part of the job reads is refused as unknown.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What ParameterTool stores for a flag given without a value (its own constant is not public). */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    private final ParameterTool params;

    private JobOptions(ParameterTool params) {
        this.params = params;
    }

    public static JobOptions fromArgs(String... args) {
        return new JobOptions(ParameterTool.fromArgs(args));
    }

    public ParameterTool parameters() {
        return params;
    }

    public String string(String flag, String defaultValue) {
        String v = params.get(flag, defaultValue);
        if (v == null || NO_VALUE.equals(v)) {
            if (defaultValue == null && params.has(flag)) {
                throw new IllegalArgumentException("--" + flag + " needs a value");
            }
            return defaultValue;
        }
        return v;
    }

    /** A required flag. */
    public String required(String flag, String why) {
        String v = string(flag, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + flag + " is required " + why);
        }
        return v;
    }

    public boolean has(String flag) {
        return params.has(flag);
    }

    /** A boolean switch: {@code --bounded} alone or {@code --bounded true|false}. */
    public boolean flag(String flag) {
        if (!params.has(flag)) {
            return false;
        }
        String v = params.get(flag);
        if (v == null || NO_VALUE.equals(v)) {
            return true;
        }
        return choice(flag, "true", "true", "false").equals("true");
    }

    public int integer(String flag, int defaultValue) {
        String v = string(flag, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a whole number, got '" + v + "'");
        }
    }

    public long longValue(String flag, long defaultValue) {
        String v = string(flag, Long.toString(defaultValue));
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a whole number, got '" + v + "'");
        }
    }

    public double decimal(String flag, double defaultValue) {
        String v = string(flag, Double.toString(defaultValue));
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a number, got '" + v + "'");
        }
    }

    public Duration duration(String flag, String defaultValue) {
        String v = string(flag, defaultValue);
        try {
            Duration d = Durations.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + flag + " must be a duration such as 30s, 1m or 1h, got '" + v + "'");
        }
    }

    /** One of a fixed set of values, lower-cased. */
    public String choice(String flag, String defaultValue, String... allowed) {
        String v = string(flag, defaultValue).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException("--" + flag + " must be one of " + String.join("|", allowed)
                    + ", got '" + v + "'");
        }
        return v;
    }

    /** Fails on flags that nothing read: a typo must not be silently ignored. */
    public void rejectUnknownFlags(String jobName) {
        Set<String> unknown = new TreeSet<>(params.getUnrequestedParameters());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown flag(s) for " + jobName + ": --" + String.join(", --", unknown)
                    + ". See the flags table in README.md.");
        }
    }
}
