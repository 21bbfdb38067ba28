package dev.statefuljobs.common.flags;

import dev.statefuljobs.common.time.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.util.TimeUtils;

/**
 * One command-line flag, declared once: a Flink {@link ConfigOption} (name, type, default and
 * description), how its text is parsed, and where it applies ({@link Scope}). {@link JobFlags}
 * parses a command line against these declarations, {@code --help} prints them, and {@code
 * docs/flags.md} is generated from them.
 *
 * @param <T> the value's type
 */
public final class Flag<T> {

    /**
     * Turns a flag's text into its value, or throws with what the value must be ("a whole number").
     */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text);
    }

    private final ConfigOption<T> option;
    private final String description;
    private final Parser<T> parser;
    private final Function<T, String> printer;
    private final String valueHint;
    private final String defaultText;
    private final Scope scope;

    private Flag(
            ConfigOption<T> option,
            String description,
            Parser<T> parser,
            Function<T, String> printer,
            String valueHint,
            String defaultText,
            Scope scope) {
        this.option = option;
        this.description = description;
        this.parser = parser;
        this.printer = printer;
        this.valueHint = valueHint;
        this.defaultText = defaultText;
        this.scope = scope;
    }

    private static <T> Flag<T> of(
            ConfigOptions.TypedConfigOptionBuilder<T> key,
            T defaultValue,
            String description,
            Parser<T> parser,
            Function<T, String> printer,
            String valueHint) {
        ConfigOption<T> option =
                (defaultValue == null ? key.noDefaultValue() : key.defaultValue(defaultValue))
                        .withDescription(description);
        String defaultText = defaultValue == null ? "none" : printer.apply(defaultValue);
        return new Flag<>(
                option, description, parser, printer, valueHint, defaultText, Scope.LISTING_JOBS);
    }

    /**
     * A duration in Flink's notation ({@code 500ms}, {@code 30s}, {@code 1min}, {@code 1h}; see
     * {@link TimeUtils}) or in Spark's ({@code "30 seconds"}, {@code "1 hour 30 minutes"}, {@code
     * 1m}); never negative.
     */
    public static Flag<Duration> duration(String name, Duration defaultValue, String description) {
        return of(
                ConfigOptions.key(name).durationType(),
                defaultValue,
                description,
                Flag::parseDuration,
                Durations::format,
                "DURATION");
    }

    public static Flag<Integer> integer(String name, Integer defaultValue, String description) {
        return of(
                ConfigOptions.key(name).intType(),
                defaultValue,
                description,
                text -> parseNumber(text, Integer::parseInt, "a whole number"),
                String::valueOf,
                "N");
    }

    public static Flag<Long> longInteger(String name, long defaultValue, String description) {
        return of(
                ConfigOptions.key(name).longType(),
                defaultValue,
                description,
                text -> parseNumber(text, Long::parseLong, "a whole number"),
                String::valueOf,
                "N");
    }

    public static Flag<Double> decimal(String name, double defaultValue, String description) {
        return of(
                ConfigOptions.key(name).doubleType(),
                defaultValue,
                description,
                text -> parseNumber(text, Double::parseDouble, "a number"),
                Flag::printDecimal,
                "X");
    }

    /** Free text, e.g. a path or a topic; {@code null} default for none. */
    public static Flag<String> text(
            String name, String defaultValue, String valueHint, String description) {
        return of(
                ConfigOptions.key(name).stringType(),
                defaultValue,
                description,
                text -> text,
                text -> text,
                valueHint);
    }

    /** A switch: {@code --bounded} alone or {@code --bounded true|false}; off unless given. */
    public static Flag<Boolean> toggle(String name, String description) {
        return of(
                ConfigOptions.key(name).booleanType(),
                false,
                description,
                Flag::parseBoolean,
                value -> value ? "on" : "off",
                "");
    }

    /**
     * One of an enum's constants, written in lower case with dashes ({@code KEYED_SUM} is {@code
     * keyed-sum}), case-insensitively; {@code null} default for none.
     */
    public static <E extends Enum<E>> Flag<E> choice(
            String name, Class<E> type, E defaultValue, String description) {
        return of(
                ConfigOptions.key(name).enumType(type),
                defaultValue,
                description,
                text -> parseChoice(type, text),
                Flag::valueName,
                choices(type));
    }

    /** The same flag, applying only where {@code scope} says. */
    public Flag<T> onlyWith(Scope scope) {
        return new Flag<>(option, description, parser, printer, valueHint, defaultText, scope);
    }

    /**
     * The same flag, its default described in words (e.g. "the job's name") where it depends on
     * other flags.
     */
    public Flag<T> defaultDescribedAs(String text) {
        return new Flag<>(option, description, parser, printer, valueHint, text, scope);
    }

    /**
     * The same flag with its values checked by {@code check}, which throws what the value must be.
     */
    public Flag<T> checked(Consumer<T> check) {
        Parser<T> checking =
                text -> {
                    T value = parser.parse(text);
                    check.accept(value);
                    return value;
                };
        return new Flag<>(option, description, checking, printer, valueHint, defaultText, scope);
    }

    public String name() {
        return option.key();
    }

    public ConfigOption<T> option() {
        return option;
    }

    /** The description given at declaration. */
    public String description() {
        return description;
    }

    public T defaultValue() {
        return option.hasDefaultValue() ? option.defaultValue() : null;
    }

    /** The default as help and docs show it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the value looks like in help and docs: {@code DURATION}, {@code PATH}, {@code a|b}. */
    public String valueHint() {
        return valueHint;
    }

    public Scope scope() {
        return scope;
    }

    public boolean isToggle() {
        return valueHint.isEmpty();
    }

    T parse(String text) {
        return parser.parse(text);
    }

    String print(T value) {
        return value == null ? "" : printer.apply(value);
    }

    /** A constant's flag value: lower case, dashes for underscores. */
    static String valueName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(Flag::valueName)
                .collect(Collectors.joining("|"));
    }

    private static <E extends Enum<E>> E parseChoice(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (valueName(constant).equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("one of " + choices(type));
    }

    /**
     * Flink's own duration parser first; Spark's interval strings and ISO-8601 where Flink's
     * refuses the text.
     */
    static Duration parseDuration(String text) {
        if (text.trim().matches("[0-9]+") && !text.trim().equals("0")) {
            // Flink reads a bare number as milliseconds; "--gap 30" is far more likely to mean
            // something else.
            throw new IllegalArgumentException("a duration with a unit, such as 30s, 1m or 1h");
        }
        Duration d;
        try {
            d = TimeUtils.parseDuration(text);
        } catch (RuntimeException notFlinks) {
            try {
                d = Durations.parse(text);
            } catch (RuntimeException notSparks) {
                d = null;
            }
        }
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("a duration such as 30s, 1m or 1h");
        }
        return d;
    }

    private static <N> N parseNumber(String text, Function<String, N> parse, String what) {
        try {
            return parse.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what);
        }
    }

    private static Boolean parseBoolean(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        throw new IllegalArgumentException("one of true|false");
    }

    private static String printDecimal(Double value) {
        return value == Math.rint(value) && !Double.isInfinite(value)
                ? String.valueOf(value.longValue())
                : String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flag && ((Flag<?>) o).name().equals(name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name());
    }

    @Override
    public String toString() {
        return "--" + name();
    }
}
