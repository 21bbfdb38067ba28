package dev.statefuljobs.common.tws;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.function.FunctionWithException;
import org.apache.flink.util.function.ThrowingConsumer;

/**
 * What every state variable does around Flink's keyed state: refuses use outside a key's call
 * (naming the variable and the handler), hands the call to the operation (the TTL clock), and turns
 * Flink's checked state exceptions into unchecked ones, since Spark's state API throws none.
 */
abstract class KeyedStateVariable implements StateVariable {

    final String name;
    private final String kind;
    private final CallScope scope;

    KeyedStateVariable(String kind, String name, CallScope scope) {
        this.kind = kind;
        this.name = name;
        this.scope = scope;
    }

    <R> R read(String operation, FunctionWithException<Call, R, Exception> body) {
        Call call = scope.current(kind + " '" + name + "'." + operation + "()");
        return Unchecked.access("state variable '" + name + "'", () -> body.apply(call));
    }

    void write(String operation, ThrowingConsumer<Call, Exception> body) {
        read(
                operation,
                call -> {
                    body.accept(call);
                    return null;
                });
    }

    /** A snapshot, so that writes during an iteration neither change nor break it. */
    static <T> List<T> copyOf(Iterable<T> values) {
        List<T> copy = new ArrayList<>();
        values.forEach(copy::add);
        return copy;
    }
}
