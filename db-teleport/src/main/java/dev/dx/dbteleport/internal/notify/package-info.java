/**
 * The invalidation side of DbTeleport on PostgreSQL: {@link dev.dx.dbteleport.internal.notify.PgChangeFeed}
 * installs statement-level triggers that {@code pg_notify} the changed keys of a table, listens on one
 * dedicated connection on its own thread, reconnects with backoff when that connection breaks, and
 * offers a {@code sync()} barrier built on the commit order of PostgreSQL's notification queue.
 *
 * <p>Not API: the cache side ({@code dev.dx.dbteleport}) drives it through
 * {@link dev.dx.dbteleport.internal.ChangeFeed} and hears from it through
 * {@link dev.dx.dbteleport.internal.InvalidationSink}.
 */
package dev.dx.dbteleport.internal.notify;
