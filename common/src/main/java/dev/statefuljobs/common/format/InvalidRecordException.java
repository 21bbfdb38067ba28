package dev.statefuljobs.common.format;

/**
 * A record that cannot become an event. Its message is the dead letter's reason, so it says what is
 * wrong in terms of the input ("field 'amount' must be a number, got STRING"). It carries no stack
 * trace: bad records are data, not bugs, and a hostile topic must not make us pay for a stack walk
 * per record.
 */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }
}
