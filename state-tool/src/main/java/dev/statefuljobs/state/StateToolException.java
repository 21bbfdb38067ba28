package dev.statefuljobs.state;

/**
 * A problem the user can fix (an unknown job, a path that is not a savepoint, a bad input line),
 * told in one sentence: the tool prints the message and no stack trace.
 */
final class StateToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StateToolException(String sentence) {
        super(sentence);
    }

    StateToolException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
