package dev.statefuljobs.common.groupstate;

import dev.statefuljobs.common.state.InitialState;
import dev.statefuljobs.common.tws.TTLConfig;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The optional parts of a [map|flatMap]GroupsWithState operator, for {@link GroupStates}: an
 * initial state, Flink state TTL (processing time) and an event-time TTL. Immutable; each {@code
 * with...} returns a copy.
 *
 * <pre>{@code
 * GroupStates.mapGroupsWithState(stream, fn, Types.DOUBLE, outType, GroupStateTimeout.NoTimeout,
 *     GroupStateOptions.<String, Double>none()
 *         .withInitialState(totals)
 *         .withTtl(TTLConfig.eventTime(Duration.ofHours(1))));
 * }</pre>
 *
 * @param <K> key type
 * @param <S> state type
 */
public final class GroupStateOptions<K, S> {

    private final InitialState<K, S> initialState;
    private final StateTtlConfig stateTtl;
    private final TTLConfig ttl;

    private GroupStateOptions(
            InitialState<K, S> initialState, StateTtlConfig stateTtl, TTLConfig ttl) {
        this.initialState = initialState;
        this.stateTtl = stateTtl;
        this.ttl = ttl;
    }

    /** No initial state, no TTL: the plain operator. */
    public static <K, S> GroupStateOptions<K, S> none() {
        return new GroupStateOptions<>(null, null, null);
    }

    /**
     * Spark's {@code initialState}: each row's value is the key's state before its first call,
     * applied when the job starts fresh and never on a restore; null for none. See {@link
     * GroupStateFunction}.
     */
    public GroupStateOptions<K, S> withInitialState(InitialState<K, S> rows) {
        return new GroupStateOptions<>(rows, stateTtl, ttl);
    }

    /**
     * Flink state TTL (processing time) on the operator's keyed state; null for none. See {@link
     * GroupStateFunction#withStateTtl}.
     */
    public GroupStateOptions<K, S> withStateTtl(StateTtlConfig processingTimeTtl) {
        return new GroupStateOptions<>(initialState, processingTimeTtl, ttl);
    }

    /**
     * An event-time TTL ({@link TTLConfig#eventTime}) on the value; null for none. See {@link
     * GroupStateFunction#withTtl}.
     */
    public GroupStateOptions<K, S> withTtl(TTLConfig eventTimeTtl) {
        return new GroupStateOptions<>(initialState, stateTtl, eventTimeTtl);
    }

    /** The initial state, or null. */
    public InitialState<K, S> initialState() {
        return initialState;
    }

    /** The Flink state TTL, or null. */
    public StateTtlConfig stateTtl() {
        return stateTtl;
    }

    /** The event-time TTL, or null. */
    public TTLConfig ttl() {
        return ttl;
    }

    /** Configures the function with these options (all but the initial state, the operator's). */
    <V, R> GroupStateFunction<K, V, S, R> configure(GroupStateFunction<K, V, S, R> function) {
        return function.withStateTtl(stateTtl).withTtl(ttl);
    }
}
