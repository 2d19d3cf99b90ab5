package dev.dx.dbteleport.internal.notify;

import java.util.List;
import java.util.Objects;

/**
 * One decoded change notification: which table changed, which key values it touched (or
 * {@code null} for a table-wide change), and when the trigger ran.
 *
 * @param table the table, schema-qualified as {@code schema.table}
 * @param keys the distinct non-NULL key values, old and new, in PostgreSQL's text form; {@code null}
 *        when the change names no keys (TRUNCATE, too many keys, or a table watched without a key)
 * @param triggerEpochMicros {@code clock_timestamp()} in the trigger, microseconds since the epoch
 */
record FeedNotice(String table, List<String> keys, long triggerEpochMicros) {

    FeedNotice {
        Objects.requireNonNull(table, "table");
        keys = keys == null ? null : List.copyOf(keys);
    }

    /** A change that names no keys. */
    static FeedNotice tableWide(String table, long triggerEpochMicros) {
        return new FeedNotice(table, null, triggerEpochMicros);
    }

    /** Whether this notice names no keys, so every entry of the table goes. */
    boolean isTableWide() {
        return keys == null;
    }
}
