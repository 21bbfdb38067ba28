package dev.statefuljobs.common.flags;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a flag applies. Shared flags apply to every job, or only with some sources or sinks (so
 * that, say, {@code --topic} with {@code --source file} is refused rather than ignored); a job's
 * own flags apply to the jobs that list them in the catalog.
 */
public final class Scope {

    private enum Kind {
        EVERY_JOB,
        LISTING_JOBS,
        SOURCES,
        SINKS,
        KAFKA
    }

    /** Every job, whatever its source and sink. */
    public static final Scope EVERY_JOB = new Scope(Kind.EVERY_JOB, List.of());

    /** The jobs whose catalog entry lists the flag. */
    public static final Scope LISTING_JOBS = new Scope(Kind.LISTING_JOBS, List.of());

    /** A Kafka source or a Kafka sink. */
    public static final Scope KAFKA = new Scope(Kind.KAFKA, List.of());

    private final Kind kind;
    private final List<String> values;

    private Scope(Kind kind, List<String> values) {
        this.kind = kind;
        this.values = values;
    }

    /** Only with these {@code --source} kinds. */
    public static Scope source(String... kinds) {
        return new Scope(Kind.SOURCES, List.of(kinds));
    }

    /** Only with these {@code --sink} kinds. */
    public static Scope sink(SinkKind... kinds) {
        return new Scope(
                Kind.SINKS, Arrays.stream(kinds).map(Flag::valueName).collect(Collectors.toList()));
    }

    /** True when a flag of this scope applies to a job run with this source and sink. */
    boolean applies(String sourceKind, SinkKind sink) {
        switch (kind) {
            case SOURCES:
                return values.contains(sourceKind);
            case SINKS:
                return values.contains(Flag.valueName(sink));
            case KAFKA:
                return "kafka".equals(sourceKind) || sink == SinkKind.KAFKA;
            default:
                return true;
        }
    }

    boolean isJobSpecific() {
        return kind == Kind.LISTING_JOBS;
    }

    /**
     * How help and docs say where the flag applies, e.g. {@code --source kafka}; empty for every
     * job.
     */
    public String describe() {
        switch (kind) {
            case SOURCES:
                return "--source " + String.join("|", values);
            case SINKS:
                return "--sink " + String.join("|", values);
            case KAFKA:
                return "--source kafka or --sink kafka";
            default:
                return "";
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (values.isEmpty() ? "" : " " + values);
    }
}
