package dev.statefuljobs.state;

import static dev.statefuljobs.common.tws.DeclaredStateVariable.TIMERS_STATE;
import static dev.statefuljobs.common.tws.DeclaredStateVariable.TTL_CLEANUP_STATE;

import dev.statefuljobs.common.tws.DeclaredStateVariable;
import dev.statefuljobs.common.tws.DeclaredStateVariable.Kind;
import dev.statefuljobs.common.tws.StatefulProcessor;
import dev.statefuljobs.common.tws.TimeMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The state of a transformWithState operator ({@code TransformWithStateFunction}) with string keys,
 * for any processor: its state variables are the ones the processor declares in {@code init()}
 * ({@link DeclaredStateVariable#declaredBy}), each a Flink keyed state of its name; the job's
 * layout entry ({@link JobStates}) gives each one a JSON codec of the processor's own types. Per
 * key the operator also keeps {@value DeclaredStateVariable#TIMERS_STATE} (the processor's timers,
 * so that {@code listTimers()} works) and {@value DeclaredStateVariable#TTL_CLEANUP_STATE} (the
 * time of its TTL cleanup timer), with a Flink timer at each of those times. Lines are {@link
 * TwsRowFormat}.
 *
 * <p>A bootstrapped savepoint has all of it: each variable's values with their TTL deadlines, the
 * timers in {@code $timers} and as Flink timers in the operator's clock (so they fire at their
 * time, and {@code listTimers()} and {@code deleteTimer} see them), and the TTL cleanup at the
 * earliest deadline, where the operator's own cleanup would be after it last settled the key.
 */
final class TwsLayout extends OperatorLayout {

    private final String keyField;
    private final TimeMode timeMode;
    private final List<DeclaredStateVariable> declared;
    private final Map<String, TwsRowFormat.Variable> variables = new LinkedHashMap<>();

    /**
     * @param processor a fresh instance of the job's processor, with the job's settings: only its
     *     {@code init()} is run, to learn its variables
     */
    TwsLayout(
            String uid,
            String keyField,
            StatefulProcessor<String, ?, ?> processor,
            TimeMode timeMode) {
        super(uid);
        this.keyField = keyField;
        this.timeMode = timeMode;
        try {
            this.declared = DeclaredStateVariable.declaredBy(processor, timeMode);
        } catch (Exception e) {
            throw new IllegalStateException(uid + ": the processor's init() failed", e);
        }
        for (DeclaredStateVariable v : declared) {
            if (v.name().equals(keyField) || v.name().equals(TwsRowFormat.TIMERS)) {
                throw new IllegalStateException(
                        uid + ": state variable '" + v.name() + "' has the name of a row's field");
            }
        }
    }

    /** The JSON of a value state's value. */
    <T> TwsLayout value(String name, JsonCodec<T> codec) {
        return add(name, Kind.VALUE, null, codec);
    }

    /** The JSON of a list state's elements. */
    <T> TwsLayout list(String name, JsonCodec<T> elementCodec) {
        return add(name, Kind.LIST, null, elementCodec);
    }

    /** The JSON of a map state's keys and values. */
    <K, V> TwsLayout map(String name, KeyCodec<K> keyCodec, JsonCodec<V> valueCodec) {
        return add(name, Kind.MAP, keyCodec, valueCodec);
    }

    @SuppressWarnings("unchecked")
    private TwsLayout add(String name, Kind kind, KeyCodec<?> keys, JsonCodec<?> items) {
        DeclaredStateVariable v =
                declared.stream()
                        .filter(d -> d.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                uid()
                                                        + " declares no state variable '"
                                                        + name
                                                        + "'"));
        if (v.kind() != kind
                || !v.valueType().equals(items.type())
                || (keys != null && !v.userKeyType().equals(keys.type()))) {
            throw new IllegalArgumentException(
                    uid()
                            + ": state variable '"
                            + name
                            + "' is "
                            + v
                            + ", not what its codecs are for ("
                            + kind
                            + " of "
                            + items.type()
                            + ")");
        }
        JsonCodec<?> stored = v.ttl().isEnabled() ? JsonCodecs.expiring(items) : items;
        variables.put(
                name,
                new TwsRowFormat.Variable(
                        name,
                        kind,
                        v.ttl().isEnabled(),
                        (TypeInformation<Object>) v.userKeyType(),
                        (TypeInformation<Object>) v.storedType(),
                        (KeyCodec<Object>) keys,
                        (JsonCodec<Object>) stored));
        return this;
    }

    @Override
    List<String> keyedStates() {
        List<String> names =
                new ArrayList<>(declared.stream().map(DeclaredStateVariable::name).toList());
        if (timeMode != TimeMode.None) {
            names.add(TIMERS_STATE);
            names.add(TTL_CLEANUP_STATE);
        }
        return names;
    }

    @Override
    DataStream<String> read(SavepointReader savepoint) throws IOException {
        return savepoint.readKeyedState(
                OperatorIdentifier.forUid(uid()),
                new Reader(rowFormat()),
                Types.STRING,
                Types.STRING);
    }

    @Override
    TwsRowFormat rowFormat() {
        List<TwsRowFormat.Variable> all = new ArrayList<>();
        for (DeclaredStateVariable v : declared) {
            TwsRowFormat.Variable codec = variables.get(v.name());
            if (codec == null) {
                throw new IllegalStateException(
                        uid()
                                + ": the layout has no JSON codec for state variable '"
                                + v.name()
                                + "'");
            }
            all.add(codec);
        }
        return new TwsRowFormat(keyField, all, timeMode != TimeMode.None);
    }

    @Override
    StateBootstrapTransformation<String> bootstrap(DataStream<String> lines, int maxParallelism) {
        TwsRowFormat format = rowFormat();
        return OperatorTransformation.bootstrapWith(lines)
                .setMaxParallelism(maxParallelism)
                .keyBy(new KeyOfLine(format), Types.STRING)
                .transform(new Writer(format, timeMode == TimeMode.EventTime));
    }

    /** The operator's Flink keyed states, created as the operator creates them. */
    private static final class States {
        final List<State> variables = new ArrayList<>();
        final MapState<Long, Boolean> timers;
        final ValueState<Long> cleanupAt;

        States(RuntimeContext context, TwsRowFormat format) {
            for (TwsRowFormat.Variable v : format.variables()) {
                variables.add(
                        switch (v.kind()) {
                            case VALUE ->
                                    context.getState(
                                            new ValueStateDescriptor<>(v.name(), v.storedType()));
                            case LIST ->
                                    context.getListState(
                                            new ListStateDescriptor<>(v.name(), v.storedType()));
                            case MAP ->
                                    context.getMapState(
                                            new MapStateDescriptor<>(
                                                    v.name(), v.keyType(), v.storedType()));
                        });
            }
            if (format.hasTimers()) {
                timers =
                        context.getMapState(
                                new MapStateDescriptor<>(TIMERS_STATE, Types.LONG, Types.BOOLEAN));
                cleanupAt =
                        context.getState(new ValueStateDescriptor<>(TTL_CLEANUP_STATE, Types.LONG));
            } else {
                timers = null;
                cleanupAt = null;
            }
        }
    }

    /** One line per key with a value in any variable or a pending timer. */
    private static final class Reader extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private final TwsRowFormat format;
        private transient States states;

        Reader(TwsRowFormat format) {
            this.format = format;
        }

        @Override
        public void open(OpenContext openContext) {
            states = new States(getRuntimeContext(), format);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            Map<String, Object> values = new LinkedHashMap<>();
            List<TwsRowFormat.Variable> variables = format.variables();
            for (int i = 0; i < variables.size(); i++) {
                TwsRowFormat.Variable v = variables.get(i);
                State state = states.variables.get(i);
                switch (v.kind()) {
                    case VALUE -> {
                        Object value = ((ValueState<Object>) state).value();
                        if (value != null) {
                            values.put(v.name(), value);
                        }
                    }
                    case LIST -> {
                        Iterable<Object> elements = ((ListState<Object>) state).get();
                        List<Object> list = new ArrayList<>();
                        if (elements != null) {
                            elements.forEach(list::add);
                        }
                        if (!list.isEmpty()) {
                            values.put(v.name(), list);
                        }
                    }
                    case MAP -> {
                        Map<Object, Object> entries = new LinkedHashMap<>();
                        for (Map.Entry<Object, Object> e :
                                ((MapState<Object, Object>) state).entries()) {
                            entries.put(e.getKey(), e.getValue());
                        }
                        if (!entries.isEmpty()) {
                            values.put(v.name(), TwsRowFormat.sortedByKey(entries));
                        }
                    }
                }
            }
            List<Long> timers = new ArrayList<>();
            if (states.timers != null) {
                states.timers.keys().forEach(timers::add);
                timers.sort(null);
            }
            if (!values.isEmpty() || !timers.isEmpty()) {
                out.collect(format.toJson(key, values, timers));
            }
        }
    }

    /** Writes each row's variables, timers (bookkeeping and Flink timers) and TTL cleanup. */
    private static final class Writer extends KeyedStateBootstrapFunction<String, String> {
        private static final long serialVersionUID = 1L;

        private final TwsRowFormat format;
        private final boolean eventTime;
        private transient States states;

        Writer(TwsRowFormat format, boolean eventTime) {
            this.format = format;
            this.eventTime = eventTime;
        }

        @Override
        public void open(OpenContext openContext) {
            states = new States(getRuntimeContext(), format);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void processElement(String line, Context ctx) throws Exception {
            TwsRowFormat.Row row = format.parse(line);
            List<TwsRowFormat.Variable> variables = format.variables();
            for (int i = 0; i < variables.size(); i++) {
                TwsRowFormat.Variable v = variables.get(i);
                Object stored = row.values().get(v.name());
                if (stored == null) {
                    continue;
                }
                State state = states.variables.get(i);
                switch (v.kind()) {
                    case VALUE -> ((ValueState<Object>) state).update(stored);
                    case LIST -> ((ListState<Object>) state).update((List<Object>) stored);
                    case MAP ->
                            ((MapState<Object, Object>) state).putAll((Map<Object, Object>) stored);
                }
            }
            if (states.timers == null) {
                return;
            }
            TimerService timerService = ctx.timerService();
            for (long time : row.timers()) {
                states.timers.put(time, true);
                register(timerService, time);
            }
            long cleanup = format.earliestDeadline(row);
            if (cleanup != Long.MAX_VALUE) { // Long.MAX_VALUE: no deadline, no cleanup timer
                states.cleanupAt.update(cleanup);
                register(timerService, cleanup); // one Flink timer when it is also a processor's
            }
        }

        private void register(TimerService timers, long time) {
            if (eventTime) {
                timers.registerEventTimeTimer(time);
            } else {
                timers.registerProcessingTimeTimer(time);
            }
        }
    }
}
