package dev.statefuljobs.common.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;

/**
 * A job's command line ({@code --name value}, or {@code --switch} alone), parsed against the flag
 * catalog: the {@link Flags#SHARED shared flags} and the job's own. Everything is checked before
 * the job is built: an unknown flag, a flag that does not apply with the chosen source or sink
 * (e.g. {@code --topic} with a file), and a value of the wrong type are refused with a message that
 * names the flag and what it must be.
 */
public final class JobFlags {

    private final String jobName;
    private final Map<String, Object> values;
    private final Map<String, String> given;

    private JobFlags(String jobName, Map<String, Object> values, Map<String, String> given) {
        this.jobName = jobName;
        this.values = values;
        this.given = given;
    }

    /** Parses {@code args} for the job {@code jobName}, whose own flags are {@code jobFlags}. */
    public static JobFlags parse(String jobName, List<Flag<?>> jobFlags, String... args) {
        Map<String, String> given = split(args);
        Map<String, Flag<?>> known = new LinkedHashMap<>();
        for (Flag<?> flag : Flags.SHARED) {
            known.put(flag.name(), flag);
        }
        for (Flag<?> flag : jobFlags) {
            known.put(flag.name(), flag);
        }
        String source =
                given.containsKey(Flags.SOURCE.name())
                        ? given.get(Flags.SOURCE.name())
                        : Flags.SOURCE.defaultValue();
        SinkKind sink =
                given.containsKey(Flags.SINK.name())
                        ? parse(Flags.SINK, given.get(Flags.SINK.name()))
                        : Flags.SINK.defaultValue();

        List<String> refused = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> arg : given.entrySet()) {
            Flag<?> flag = known.get(arg.getKey());
            if (flag == null) {
                refused.add("--" + arg.getKey());
            } else if (!flag.scope().applies(source, sink)) {
                refused.add("--" + arg.getKey() + " (only with " + flag.scope().describe() + ")");
            } else {
                values.put(flag.name(), parse(flag, arg.getValue()));
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown flag(s) for "
                            + jobName
                            + ": "
                            + String.join(", ", refused)
                            + ". See --help or docs/flags.md.");
        }
        return new JobFlags(jobName, values, given);
    }

    /** The flag's value, or its default (null for a flag without one). */
    @SuppressWarnings("unchecked")
    public <T> T get(Flag<T> flag) {
        return values.containsKey(flag.name()) ? (T) values.get(flag.name()) : flag.defaultValue();
    }

    /** The flag's value when it was given (or has a default), else empty. */
    public <T> Optional<T> find(Flag<T> flag) {
        return Optional.ofNullable(get(flag));
    }

    /** True when the command line gave the flag. */
    public boolean isSet(Flag<?> flag) {
        return values.containsKey(flag.name());
    }

    public String jobName() {
        return jobName;
    }

    /**
     * The flags as given, for the web UI's job configuration ({@code ExecutionConfig} global job
     * parameters).
     */
    public ParameterTool asJobParameters() {
        return ParameterTool.fromMap(new TreeMap<>(given));
    }

    private static <T> T parse(Flag<T> flag, String text) {
        if (text == null) {
            if (flag.isToggle()) {
                return flag.parse("true");
            }
            throw new IllegalArgumentException("--" + flag.name() + " needs a value");
        }
        try {
            return flag.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--" + flag.name() + " must be " + e.getMessage() + ", got '" + text + "'");
        }
    }

    /**
     * {@code --name value} pairs; a name followed by another name (or nothing) has no value (null).
     * A value may start with a dash only when it is a negative number, as with Flink's {@code
     * ParameterTool}.
     */
    private static Map<String, String> split(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "Expected a flag (--name value), got '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            if (i + 1 < args.length && !isFlagName(args[i + 1])) {
                value = args[++i];
            }
            if (given.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
            given.put(name, value);
        }
        return given;
    }

    private static boolean isFlagName(String arg) {
        return arg.startsWith("-") && !arg.matches("-[0-9.]+");
    }
}
