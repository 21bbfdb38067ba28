package dev.statefuljobs.common.tws;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.function.SupplierWithException;
import org.apache.flink.util.function.ThrowingRunnable;

/** Runs a Flink state access, whose exceptions are checked, behind Spark's unchecked state API. */
final class Unchecked {

    private Unchecked() {}

    static <R> R access(String what, SupplierWithException<R, Exception> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot access " + what, e);
        } catch (Exception e) {
            throw new FlinkRuntimeException("Cannot access " + what, e);
        }
    }

    static void run(String what, ThrowingRunnable<Exception> body) {
        access(
                what,
                () -> {
                    body.run();
                    return null;
                });
    }
}
