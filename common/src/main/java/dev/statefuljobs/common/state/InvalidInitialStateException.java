package dev.statefuljobs.common.state;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * An initial state that cannot be applied: a bad row or two rows for one key. It is configuration,
 * not data, so it fails the job, and restarting cannot fix it: Flink's failover does not retry it
 * (a file that cannot be read is an {@link java.io.IOException} instead, and is retried). An {@link
 * IllegalArgumentException}, so a job refused at build time prints one line, like a bad flag.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class InvalidInitialStateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInitialStateException(String message) {
        super(message);
    }
}
