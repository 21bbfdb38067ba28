package dev.statefuljobs.common.io;

/**
 * A {@link KafkaPreflight} check failed. The message is one sentence that names the broker, the
 * topic where there is one, and the likely fix; it is an {@link IllegalArgumentException} because
 * the cause is the job's arguments or its environment, so the entry point prints just the message
 * and exits 2. It carries no cause on purpose: the message already says what the Kafka client said,
 * and a logged cause would bring back the stack traces that the check exists to replace.
 */
public final class KafkaPreflightException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public KafkaPreflightException(String message) {
        super(message);
    }
}
