package io.github.flinkjobs.core.deadletter;

/**
 * A record that cannot be processed, with a short, stable reason such as {@code malformed-json},
 * {@code missing-field:emailAddress} or {@code invalid-utf8}. The record goes to the dead-letter output; the job
 * goes on. Thrown per bad record, so it carries no stack trace.
 */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public BadRecordException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** The stable reason written into the dead-letter record. */
    public String reason() {
        return reason;
    }
}
