package dev.dx.dbteleport.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * The invalidation side of DbTeleport: installs the triggers that {@code pg_notify} committed
 * changes, holds one dedicated LISTEN connection on its own thread, and tells an
 * {@link InvalidationSink} what changed.
 */
public interface ChangeFeed extends AutoCloseable {

    /**
     * Installs, idempotently and concurrently with other instances doing the same, the trigger
     * function and the triggers that notify the feed's channel of committed changes to
     * {@code table}: with the changed values of {@code keyColumn} when it is not {@code null}, and a
     * table-wide notification for TRUNCATE and for key lists too long for one notification.
     *
     * @param connection a connection to use (not the listening one); left open, autocommit as found
     * @param table the table, {@code name} or {@code schema.name}
     * @param keyColumn the key column whose values the notifications list, or {@code null}
     * @throws SQLException if the table or column does not exist (the message names it), or the
     *         installation fails
     */
    void watch(Connection connection, String table, String keyColumn) throws SQLException;

    /**
     * Starts listening: connects, runs LISTEN, and returns once the first LISTEN has succeeded.
     *
     * @throws SQLException if the first connection or LISTEN fails
     */
    void start() throws SQLException;

    /**
     * A barrier: completes once every notification of a transaction that committed before this call
     * has been handed to the sink. Fails if the feed is closed or cannot reach the database.
     */
    CompletableFuture<Void> sync();

    /** Whether the listening connection is up and LISTEN has run on it. */
    boolean isListening();

    /** Stops listening and closes the connection; idempotent. Pending syncs fail. */
    @Override
    void close();
}
