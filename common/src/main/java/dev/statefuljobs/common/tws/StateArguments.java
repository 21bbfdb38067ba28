package dev.statefuljobs.common.tws;

import java.util.Arrays;
import java.util.List;

/** The argument checks of the state variables: Spark refuses nulls and empty lists. */
final class StateArguments {

    private StateArguments() {}

    static <T> T requireValue(String stateName, T value) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "State variable '" + stateName + "': null is not a valid value (use clear())");
        }
        return value;
    }

    /** A list to write: not null, not empty, no null elements. */
    static <T> List<T> requireElements(String stateName, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(
                    "State variable '"
                            + stateName
                            + "': cannot write "
                            + (values == null ? "null" : "an empty list")
                            + " (use clear())");
        }
        for (T value : values) {
            requireValue(stateName, value);
        }
        return values;
    }

    static <T> List<T> asList(T[] values) {
        if (values == null) {
            throw new IllegalArgumentException("ListState: null is not a valid list (use clear())");
        }
        return Arrays.asList(values);
    }
}
