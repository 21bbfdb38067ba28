package dev.statefuljobs.state;

import dev.statefuljobs.common.format.InvalidRecordException;
import dev.statefuljobs.common.tws.DeclaredStateVariable.Kind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * One key of a transformWithState operator as one JSON line: the key, each state variable that
 * holds something, under its name, and the pending timers, e.g. {@code
 * {"userId":"user1","pending":{"2023-11-14T22:15:30Z":{"value":[...],"expires_at":"..."}},
 * "history":[{"value":{"time":"...","cents":1000},"expires_at":"..."}],
 * "timers":["2023-11-14T22:15:30Z"]}}.
 *
 * <ul>
 *   <li>A value state is its value; a list state a JSON array, in its order; a map state a JSON
 *       object, its keys as {@link KeyCodec} writes them, sorted.
 *   <li>With TTL, each value, list element and map value is {@code {"value":...,"expires_at":...}},
 *       the deadline the operator stored with it (ISO-8601, in the TTL's clock).
 *   <li>{@code timers}: the processor's timers ({@code listTimers()}), ascending, as ISO-8601
 *       instants in the operator's clock.
 *   <li>A variable without values is left out; so are the timers when there are none. Parsing
 *       refuses an empty list, map or timer list (leave it out), and a row with none of them.
 * </ul>
 *
 * <p>Each variable's values are kept here as the operator stores them (with TTL, {@code
 * Tuple2<value, deadline>}), so that the reader and the writer copy them to and from Flink state as
 * they are.
 */
final class TwsRowFormat implements RowFormat {
    private static final long serialVersionUID = 1L;

    /** The field of the processor's pending timers. */
    static final String TIMERS = "timers";

    /**
     * One state variable: its name and kind, the Flink types of its state ({@code keyType} for a
     * map), and the codec of one stored item (value, element, map value), TTL wrapper included.
     */
    record Variable(
            String name,
            Kind kind,
            boolean ttl,
            TypeInformation<Object> keyType,
            TypeInformation<Object> storedType,
            KeyCodec<Object> keys,
            JsonCodec<Object> items)
            implements Serializable {}

    /**
     * A parsed line: the key, each present variable's stored values by name (the value, a {@code
     * List} of elements, or a {@code Map}), and the timers, ascending.
     */
    record Row(String key, Map<String, Object> values, List<Long> timers) {}

    private final String keyField;
    private final List<Variable> variables;
    private final boolean timers;

    TwsRowFormat(String keyField, List<Variable> variables, boolean timers) {
        this.keyField = keyField;
        this.variables = List.copyOf(variables);
        this.timers = timers;
    }

    List<Variable> variables() {
        return variables;
    }

    boolean hasTimers() {
        return timers;
    }

    /** The line of a key; {@code values} by variable name, as in {@link Row}. */
    String toJson(String key, Map<String, Object> values, List<Long> timerTimes) {
        StringBuilder out = new StringBuilder(128).append('{');
        JsonTree.appendString(out, keyField);
        out.append(':');
        JsonTree.appendString(out, key);
        for (Variable v : variables) {
            Object stored = values.get(v.name());
            if (stored == null) {
                continue;
            }
            out.append(',');
            JsonTree.appendString(out, v.name());
            out.append(':');
            switch (v.kind()) {
                case VALUE -> v.items().write(stored, out);
                case LIST -> JsonCodecs.writeArray(list(stored), v.items(), out);
                case MAP -> {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<Object, Object> e : map(stored).entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        JsonTree.appendString(out, v.keys().write(e.getKey()));
                        out.append(':');
                        v.items().write(e.getValue(), out);
                    }
                    out.append('}');
                }
            }
        }
        if (!timerTimes.isEmpty()) {
            out.append(",\"" + TIMERS + "\":");
            JsonCodecs.writeArray(timerTimes, JsonCodecs.INSTANT, out);
        }
        return out.append('}').toString();
    }

    /** Parses one line, or says in one sentence what is wrong with it. */
    Row parse(String line) throws InvalidRecordException {
        Map<String, Object> object = JsonTree.parseObject(line);
        String key = null;
        Map<String, Object> values = new LinkedHashMap<>();
        List<Long> timerTimes = List.of();
        for (Map.Entry<String, Object> field : object.entrySet()) {
            String name = field.getKey();
            Object node = field.getValue();
            if (name.equals(keyField)) {
                key = JsonTree.string(node, name);
                if (key.isBlank()) {
                    throw JsonTree.invalid(name, "must not be empty");
                }
            } else if (timers && name.equals(TIMERS)) {
                timerTimes = timers(node);
            } else {
                Variable v = variable(name);
                if (v == null) {
                    throw JsonTree.invalid(
                            name, "is unknown (the fields are " + fieldNames() + ")");
                }
                values.put(name, read(v, node));
            }
        }
        if (key == null) {
            throw new InvalidRecordException("missing field '" + keyField + "'");
        }
        if (values.isEmpty() && timerTimes.isEmpty()) {
            throw new InvalidRecordException(
                    "key '"
                            + key
                            + "' has no state: a row has at least one of "
                            + String.join(", ", stateFields()));
        }
        return new Row(key, values, timerTimes);
    }

    @Override
    public String parseKey(String line) throws InvalidRecordException {
        return parse(line).key();
    }

    @Override
    public String fieldNames() {
        List<String> names = new ArrayList<>();
        names.add(keyField);
        names.addAll(stateFields());
        return String.join(", ", names);
    }

    /**
     * The earliest TTL deadline of a row's values, or Long.MAX_VALUE (the operator's "none"): where
     * the operator keeps the key's TTL cleanup.
     */
    long earliestDeadline(Row row) {
        long earliest = Long.MAX_VALUE;
        for (Variable v : variables) {
            Object stored = row.values().get(v.name());
            if (!v.ttl() || stored == null) {
                continue;
            }
            List<Object> items =
                    switch (v.kind()) {
                        case VALUE -> List.of(stored);
                        case LIST -> list(stored);
                        case MAP -> new ArrayList<>(map(stored).values());
                    };
            for (Object item : items) {
                earliest = Math.min(earliest, (Long) ((Tuple2<?, ?>) item).f1);
            }
        }
        return earliest;
    }

    private List<String> stateFields() {
        List<String> names = new ArrayList<>(variables.stream().map(Variable::name).toList());
        if (timers) {
            names.add(TIMERS);
        }
        return names;
    }

    private Variable variable(String name) {
        for (Variable v : variables) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static Object read(Variable v, Object node) throws InvalidRecordException {
        String path = v.name();
        switch (v.kind()) {
            case VALUE:
                return v.items().read(node, path);
            case LIST:
                List<Object> elements = JsonCodecs.readArray(node, path, v.items());
                if (elements.isEmpty()) {
                    throw JsonTree.invalid(path, "must not be empty (leave it out for none)");
                }
                return elements;
            default:
                Map<String, Object> object = JsonTree.object(node, path);
                if (object.isEmpty()) {
                    throw JsonTree.invalid(path, "must not be empty (leave it out for none)");
                }
                Map<Object, Object> entries = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : object.entrySet()) {
                    String at = JsonTree.child(path, e.getKey());
                    Object key = v.keys().read(e.getKey(), at);
                    if (entries.put(key, v.items().read(e.getValue(), at)) != null) {
                        throw JsonTree.invalid(at, "is a key that appears twice in '" + path + "'");
                    }
                }
                return entries;
        }
    }

    private static List<Long> timers(Object node) throws InvalidRecordException {
        List<Long> times = JsonCodecs.readArray(node, TIMERS, JsonCodecs.INSTANT);
        if (times.isEmpty()) {
            throw JsonTree.invalid(TIMERS, "must not be empty (leave it out for none)");
        }
        TreeSet<Long> distinct = new TreeSet<>();
        for (int i = 0; i < times.size(); i++) {
            if (!distinct.add(times.get(i))) {
                throw JsonTree.invalid(TIMERS + "[" + i + "]", "is a timer that appears twice");
            }
        }
        return new ArrayList<>(distinct);
    }

    /** A map's entries sorted by key, for lines that do not depend on the state backend. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<Object, Object> sortedByKey(Map<Object, Object> entries) {
        List<Map.Entry<Object, Object>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(
                Comparator.comparing(
                        e -> (Comparable) e.getKey(),
                        Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<Object, Object> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object stored) {
        return (List<Object>) stored;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object stored) {
        return (Map<Object, Object>) stored;
    }
}
