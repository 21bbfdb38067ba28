package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A processor driven by its input, so a test reads as a script: each record is {@code "<key> <op>
 * [<arg>]"}, e.g. {@code "u1 append a"}. It has one state variable of each kind ({@value #VALUE},
 * {@value #LIST}, {@value #MAP}, all strings) with the same TTL. Writes emit nothing; reads emit
 * {@code "<key> <what>=<result>"}; a fired timer emits {@code "<key> fired@<time>"}. An
 * initial-state row is a line without its key ({@code "set a"}), run for the row's key, emitting
 * nothing.
 */
class Script extends StatefulProcessorWithInitialState<String, String, String, String> {

    private static final long serialVersionUID = 1L;

    static final String VALUE = "value";
    static final String LIST = "list";
    static final String MAP = "map";

    private final TTLConfig ttl;

    /** Whether handleExpiredTimer writes the value {@code "fired@<time>"} and reads it back. */
    private final boolean writeOnFire;

    private transient ValueState<String> value;
    private transient ListState<String> list;
    private transient MapState<String, String> map;

    Script(TTLConfig ttl, boolean writeOnFire) {
        this.ttl = ttl;
        this.writeOnFire = writeOnFire;
    }

    Script(TTLConfig ttl) {
        this(ttl, false);
    }

    Script() {
        this(TTLConfig.NONE);
    }

    /** The key of a script line. */
    static String key(String line) {
        return line.split(" ", 2)[0];
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        value = getHandle().getValueState(VALUE, Types.STRING, ttl);
        list = getHandle().getListState(LIST, Types.STRING, ttl);
        map = getHandle().getMapState(MAP, Types.STRING, Types.STRING, ttl);
    }

    @Override
    public Iterator<String> handleInputRows(
            String key, Iterator<String> inputRows, TimerValues timerValues) {
        List<String> out = new ArrayList<>();
        while (inputRows.hasNext()) {
            String[] words = inputRows.next().split(" ", 3);
            String arg = words.length > 2 ? words[2] : "";
            String result = run(words[1], arg);
            if (result != null) {
                out.add(key + " " + result);
            }
        }
        return out.iterator();
    }

    @Override
    public void handleInitialState(String key, String initialState, TimerValues timerValues) {
        String[] words = initialState.split(" ", 2);
        run(words[0], words.length > 1 ? words[1] : "");
    }

    /** Runs one operation; returns what a read saw, or null for a write. */
    private String run(String op, String arg) {
        StatefulProcessorHandle handle = getHandle();
        switch (op) {
            case "set" -> value.update(arg);
            case "set-null" -> value.update(null);
            case "get" -> {
                return "value=" + value.get();
            }
            case "clear" -> value.clear();
            case "append" -> list.appendValue(arg);
            case "append-all" -> list.appendList(arg.isEmpty() ? new String[0] : arg.split(","));
            case "put" -> list.put(arg.isEmpty() ? List.of() : Arrays.asList(arg.split(",")));
            case "list" -> {
                List<String> elements = new ArrayList<>();
                list.get().forEachRemaining(elements::add);
                return "list=" + elements;
            }
            case "clear-list" -> list.clear();
            case "map-put" -> map.updateValue(arg.split("=")[0], arg.split("=")[1]);
            case "map-remove" -> map.removeKey(arg);
            case "map-get" -> {
                return arg + "=" + map.getValue(arg) + " contains=" + map.containsKey(arg);
            }
            case "map" -> {
                return "map=" + sortedMap();
            }
            case "clear-map" -> map.clear();
            case "exists" -> {
                return "exists value="
                        + value.exists()
                        + " list="
                        + list.exists()
                        + " map="
                        + map.exists();
            }
            case "timer" -> handle.registerTimer(Long.parseLong(arg));
            case "delete-timer" -> handle.deleteTimer(Long.parseLong(arg));
            case "timers" -> {
                List<Long> times = new ArrayList<>();
                handle.listTimers().forEachRemaining(times::add);
                return "timers=" + times;
            }
            case "delete-if-exists" -> handle.deleteIfExists(arg);
            case "create" -> handle.getValueState(arg, Types.STRING);
            case "query" -> {
                return "query=" + handle.getQueryInfo();
            }
            default -> throw new IllegalArgumentException("Unknown script operation: " + op);
        }
        return null;
    }

    /** The map's entries by key, checked against its keys() and values() iterators. */
    private Map<String, String> sortedMap() {
        Map<String, String> sorted = new TreeMap<>();
        map.iterator().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        List<String> keys = new ArrayList<>();
        map.keys().forEachRemaining(keys::add);
        List<String> values = new ArrayList<>();
        map.values().forEachRemaining(values::add);
        Collections.sort(keys);
        Collections.sort(values);
        List<String> expectedValues = new ArrayList<>(sorted.values());
        Collections.sort(expectedValues);
        if (!keys.equals(new ArrayList<>(sorted.keySet())) || !values.equals(expectedValues)) {
            throw new AssertionError("keys()/values() disagree with iterator(): " + sorted);
        }
        return sorted;
    }

    @Override
    public Iterator<String> handleExpiredTimer(
            String key, TimerValues timerValues, ExpiredTimerInfo expiredTimerInfo) {
        long time = expiredTimerInfo.getExpiryTimeInMs();
        if (!writeOnFire) {
            return List.of(key + " fired@" + time).iterator();
        }
        value.update("fired@" + time);
        return List.of(key + " fired@" + time + " value=" + value.get()).iterator();
    }
}
