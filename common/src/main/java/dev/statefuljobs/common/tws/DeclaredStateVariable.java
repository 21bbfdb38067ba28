package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

/**
 * A state variable as a processor declares it in {@code init()}: its name, kind, types and TTL, and
 * the Flink keyed state the operator keeps it in. This is the operator's savepoint format, for
 * tools that read or write it (the State Processor API in {@code state-tool}); the operator itself
 * builds its Flink state with the same {@link #storedType}.
 *
 * @param name the variable's name, which is its Flink state's name
 * @param userKeyType a map's key type, null for the other kinds
 * @param valueType the value type (a list's element type, a map's value type)
 */
public record DeclaredStateVariable(
        String name,
        Kind kind,
        TypeInformation<?> userKeyType,
        TypeInformation<?> valueType,
        TTLConfig ttl) {

    /** Keyed map state: the processor's pending timers (time to true). */
    public static final String TIMERS_STATE = KeyTimers.USER_TIMERS;

    /** Keyed value state: the time of the key's TTL cleanup timer. */
    public static final String TTL_CLEANUP_STATE = KeyTimers.TTL_CLEANUP;

    /** The three kinds of state variable. */
    public enum Kind {
        VALUE,
        LIST,
        MAP
    }

    /**
     * The type of what Flink stores per value, list element or map value: the value itself, or with
     * TTL {@code Tuple2<value, deadline in ms>}.
     */
    public TypeInformation<?> storedType() {
        return ttl.isEnabled() ? withDeadline(valueType) : valueType;
    }

    /** A value with its TTL deadline, as a Flink tuple (serialized by Flink, no Kryo). */
    static <T> TypeInformation<Tuple2<T, Long>> withDeadline(TypeInformation<T> type) {
        return new TupleTypeInfo<>(type, Types.LONG);
    }

    /**
     * The state variables {@code processor} creates in {@code init(Append, timeMode)}, in the order
     * it creates them. Runs {@code init} with a handle that only records: the variables it returns
     * are null, so {@code init} must not use them (it cannot in the operator either: no key is set
     * there). The processor should be a fresh instance, used for nothing else.
     */
    public static List<DeclaredStateVariable> declaredBy(
            StatefulProcessor<?, ?, ?> processor, TimeMode timeMode) throws Exception {
        Recorder recorder = new Recorder();
        processor.setHandle(recorder);
        processor.init(OutputMode.Append, timeMode);
        return Collections.unmodifiableList(recorder.declared);
    }

    /** Records each declaration; refuses what the operator would refuse about names. */
    private static final class Recorder implements StatefulProcessorHandle {
        private final StateVariables names = new StateVariables();
        private final List<DeclaredStateVariable> declared = new ArrayList<>();

        private void declare(
                String name,
                Kind kind,
                TypeInformation<?> keyType,
                TypeInformation<?> valueType,
                TTLConfig ttl) {
            names.checkNew(name);
            names.add(name, null);
            declared.add(
                    new DeclaredStateVariable(
                            name,
                            kind,
                            keyType,
                            Objects.requireNonNull(valueType, "type"),
                            Objects.requireNonNull(ttl, "ttl")));
        }

        @Override
        public <T> ValueState<T> getValueState(
                String stateName, TypeInformation<T> valueType, TTLConfig ttl) {
            declare(stateName, Kind.VALUE, null, valueType, ttl);
            return null;
        }

        @Override
        public <T> ListState<T> getListState(
                String stateName, TypeInformation<T> elementType, TTLConfig ttl) {
            declare(stateName, Kind.LIST, null, elementType, ttl);
            return null;
        }

        @Override
        public <K, V> MapState<K, V> getMapState(
                String stateName,
                TypeInformation<K> userKeyType,
                TypeInformation<V> valueType,
                TTLConfig ttl) {
            declare(
                    stateName,
                    Kind.MAP,
                    Objects.requireNonNull(userKeyType, "userKeyType"),
                    valueType,
                    ttl);
            return null;
        }

        @Override
        public QueryInfo getQueryInfo() {
            throw outsideInit("getQueryInfo()");
        }

        @Override
        public void registerTimer(long expiryTimestampMs) {
            throw outsideInit("registerTimer()");
        }

        @Override
        public void deleteTimer(long expiryTimestampMs) {
            throw outsideInit("deleteTimer()");
        }

        @Override
        public Iterator<Long> listTimers() {
            throw outsideInit("listTimers()");
        }

        @Override
        public void deleteIfExists(String stateName) {
            throw outsideInit("deleteIfExists()");
        }

        private static IllegalStateException outsideInit(String operation) {
            return new IllegalStateException(
                    operation + " works on the current key; init() has none");
        }
    }
}
