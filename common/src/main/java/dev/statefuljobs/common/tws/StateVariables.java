package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processor's state variables by name: for {@code deleteIfExists}, for the TTL cleanup of the
 * ones with TTL, and for the Flink state names the operator uses.
 */
final class StateVariables {

    /** Prefix of the operator's own state names, like Spark's internal column families. */
    static final String RESERVED_PREFIX = "$";

    private final Map<String, KeyedStateVariable> byName = new LinkedHashMap<>();
    private final List<TtlStateVariable> expiring = new ArrayList<>();

    /** Checks a name before its Flink state is created. */
    void checkNew(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A state variable needs a non-empty name");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException(
                    "State variable names starting with '"
                            + RESERVED_PREFIX
                            + "' are reserved for the operator's own state: "
                            + name);
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException(
                    "State variable '" + name + "' is already defined: names must be unique");
        }
    }

    <V extends KeyedStateVariable> V add(String name, V variable) {
        byName.put(name, variable);
        if (variable instanceof TtlStateVariable withTtl) {
            expiring.add(withTtl);
        }
        return variable;
    }

    void clearIfExists(String name) {
        KeyedStateVariable variable = byName.get(name);
        if (variable != null) {
            variable.clear();
        }
    }

    boolean anyExpiring() {
        return !expiring.isEmpty();
    }

    /**
     * Removes the current key's expired values from every state variable with TTL; returns the
     * earliest deadline left, or {@link TtlStateVariable#NO_DEADLINE}.
     */
    long purgeExpired(Call call) throws Exception {
        long earliest = TtlStateVariable.NO_DEADLINE;
        for (TtlStateVariable variable : expiring) {
            earliest = Math.min(earliest, variable.purgeExpired(call));
        }
        return earliest;
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
