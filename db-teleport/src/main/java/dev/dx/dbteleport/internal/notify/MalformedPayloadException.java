package dev.dx.dbteleport.internal.notify;

/**
 * A payload on the feed's channel that is not in {@link NotificationPayload}'s format. Anyone who
 * may connect can {@code NOTIFY} the channel, so this is expected input, not a bug: the message names
 * what was wrong, and {@link #table()} is the table if the payload got that far.
 */
final class MalformedPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String table;

    MalformedPayloadException(String message, String table) {
        super(message);
        this.table = table;
    }

    /** The table the payload named before it went wrong, or {@code null} if it never named one. */
    String table() {
        return table;
    }
}
