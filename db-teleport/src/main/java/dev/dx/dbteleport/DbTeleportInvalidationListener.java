package dev.dx.dbteleport;

/**
 * Hears about invalidations of a {@link DbTeleport}: register it with
 * {@link DbTeleport#addInvalidationListener}. Use it to push fresh results to subscribers (a live
 * query): when {@link DbTeleportInvalidation#touches} a query's tables, {@link DbTeleport#get} it
 * again.
 *
 * <h2>Threading and order</h2>
 * Listeners run on one thread of the cache's own, {@code dx-dbteleport-invalidations}, never on the
 * LISTEN thread: a slow listener delays other listeners, never the change feed or the cache's
 * invalidation. Events arrive in the order the changes were applied, and each only after the cache
 * has dropped the entries it concerns, so a {@code get} made from the listener reads the database
 * again. Events that pile up while listeners are busy are merged into one (the union of their tables;
 * an {@code everything} absorbs the rest), so a listener may hear of several commits at once but
 * never of a table later than the commit that changed it. A listener that throws is logged (SLF4J,
 * {@code dev.dx.dbteleport.DbTeleport}) and the others still run.
 */
@FunctionalInterface
public interface DbTeleportInvalidationListener {

    /** Committed changes touched tables, or everything was dropped; see the class comment. */
    void invalidated(DbTeleportInvalidation invalidation);
}
