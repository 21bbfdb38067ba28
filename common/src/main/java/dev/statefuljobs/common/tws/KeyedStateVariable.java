package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.State;
import org.apache.flink.util.function.FunctionWithException;
import org.apache.flink.util.function.ThrowingConsumer;

/**
 * What every state variable does around its Flink keyed state: refuses use outside a key's call
 * (naming the variable and the handler), hands the call to the operation (the TTL clock), turns
 * Flink's checked state exceptions into unchecked ones, since Spark's state API throws none, and
 * clears the key's values ({@code clear()}, {@code deleteIfExists}).
 */
abstract class KeyedStateVariable {

    final String name;
    private final String kind;
    private final CallScope scope;
    private final State state;

    KeyedStateVariable(String kind, String name, CallScope scope, State state) {
        this.kind = kind;
        this.name = name;
        this.scope = scope;
        this.state = state;
    }

    <R> R read(String operation, FunctionWithException<Call, R, Exception> body) {
        Call call = scope.current(kind + " '" + name + "'." + operation + "()");
        return Unchecked.access("state variable '" + name + "'", () -> body.apply(call));
    }

    void write(String operation, ThrowingConsumer<Call, Exception> body) {
        Call call = scope.current(kind + " '" + name + "'." + operation + "()");
        Unchecked.run("state variable '" + name + "'", () -> body.accept(call));
    }

    /** Removes the current key's values. */
    public void clear() {
        write(
                "clear",
                call -> {
                    state.clear();
                    removed(call);
                });
    }

    /** Called after the call removed values: nothing to do without TTL. */
    void removed(Call call) {}

    /** A snapshot, so that writes during an iteration neither change nor break it. */
    static <T> List<T> copyOf(Iterable<T> values) {
        List<T> copy = new ArrayList<>();
        values.forEach(copy::add);
        return copy;
    }
}
