package dev.dx.dbteleport.internal;

import java.util.List;

/**
 * What the invalidation side ({@link ChangeFeed}) tells the cache. Every method is called on the
 * change feed's own thread, in the order PostgreSQL delivered the notifications (commit order), and
 * must not block on the database.
 */
public interface InvalidationSink {

    /**
     * A committed statement changed {@code table} (schema-qualified, lowercase, as
     * {@code schema.table}) in a way that names no keys: TRUNCATE, a change whose keys did not fit in
     * one notification, or a table watched without a key column. Every entry that depends on the
     * table goes.
     *
     * @param lagNanos how long after the change's trigger ran the notification arrived, in
     *        nanoseconds (an estimate from the two clocks; negative when they disagree)
     */
    void tableChanged(String table, long lagNanos);

    /**
     * A committed statement changed the rows of {@code table} whose key column held one of
     * {@code keys} before or after the change (each value as PostgreSQL's text form of it; a NULL
     * key is not listed). Entries of keyed queries on the table go only for these keys; entries of
     * the table's unkeyed queries go whole.
     */
    void keysChanged(String table, List<String> keys, long lagNanos);

    /**
     * Notifications may have been lost: the listening connection broke (and the feed is
     * reconnecting), or it has just been re-established. Every entry goes, and nothing read before
     * this call may be cached after it.
     */
    void everythingChanged(String reason);
}
