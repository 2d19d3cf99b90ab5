package dev.dx.dbteleport.internal;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.dbteleport.DbTeleportInvalidation;
import dev.dx.dbteleport.DbTeleportInvalidationListener;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InvalidationSink} the change feed talks to: it passes every call to the cache first, then
 * tells the {@link DbTeleportInvalidationListener}s, on a thread of its own so that the LISTEN thread
 * never waits for them.
 *
 * <p>Pending news is one set of tables and one "everything" flag, guarded by this object's lock; a
 * drain task on the notifier thread takes it, empties it and calls the listeners, and runs again while
 * news keeps arriving. So memory is bounded by the number of watched tables however slow a listener
 * is, and events that arrive while one is being delivered are merged into the next. The thread exists
 * only while there is news to deliver (a pool of at most one thread with no core thread). Nothing is
 * recorded while no listener is registered.
 */
public final class InvalidationNotifier implements InvalidationSink, AutoCloseable {

    /** The name of the thread the listeners run on. */
    public static final String THREAD_NAME = "dx-dbteleport-invalidations";

    private static final Logger LOG = LoggerFactory.getLogger("dev.dx.dbteleport.DbTeleport");

    private final InvalidationSink cache;
    private final Predicate<String> watched;
    private final List<DbTeleportInvalidationListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor;

    // guarded by this
    private final Set<String> pendingTables = new LinkedHashSet<>();
    private String pendingEverything;
    private boolean scheduled;

    /**
     * @param cache the sink that drops entries, called first and on the feed's thread
     * @param watched whether a table ({@code schema.table}) is read by a registered query; news about
     *        other tables (another instance's, on the same channel) is not passed on
     */
    public InvalidationNotifier(InvalidationSink cache, Predicate<String> watched) {
        this.cache = checkNotNull(cache, "cache");
        this.watched = checkNotNull(watched, "watched");
        this.executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a listener; the same listener added twice is called twice. */
    public void add(DbTeleportInvalidationListener listener) {
        listeners.add(checkNotNull(listener, "listener"));
    }

    /** Removes one registration of {@code listener}; returns whether there was one. */
    public boolean remove(DbTeleportInvalidationListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public void tableChanged(String table, long lagNanos) {
        cache.tableChanged(table, lagNanos);
        table(table);
    }

    @Override
    public void keysChanged(String table, List<String> keys, long lagNanos) {
        cache.keysChanged(table, keys, lagNanos);
        table(table);
    }

    @Override
    public void everythingChanged(String reason) {
        cache.everythingChanged(reason);
        if (listeners.isEmpty()) {
            return;
        }
        synchronized (this) {
            pendingEverything = reason;
            scheduleLocked();
        }
    }

    private void table(String table) {
        if (listeners.isEmpty() || !watched.test(table)) {
            return;
        }
        synchronized (this) {
            pendingTables.add(table);
            scheduleLocked();
        }
    }

    private void scheduleLocked() {
        if (scheduled) {
            return;
        }
        try {
            executor.execute(this::drain);
            scheduled = true;
        } catch (RejectedExecutionException closed) {
            pendingTables.clear();
            pendingEverything = null;
        }
    }

    private void drain() {
        boolean emptied = false;
        try {
            emptied = deliverPending();
        } finally {
            if (!emptied) {
                // a listener threw an Error: let the next news start a new drain
                synchronized (this) {
                    scheduled = false;
                }
            }
        }
    }

    /** Delivers until nothing is pending; returns true then (with {@code scheduled} cleared). */
    private boolean deliverPending() {
        while (true) {
            DbTeleportInvalidation event;
            synchronized (this) {
                if (pendingTables.isEmpty() && pendingEverything == null) {
                    scheduled = false;
                    return true;
                }
                event = pendingEverything != null
                        ? DbTeleportInvalidation.ofEverything(pendingEverything, pendingTables)
                        : DbTeleportInvalidation.ofTables(pendingTables);
                pendingTables.clear();
                pendingEverything = null;
            }
            deliver(event);
        }
    }

    private void deliver(DbTeleportInvalidation event) {
        for (DbTeleportInvalidationListener listener : listeners) {
            try {
                listener.invalidated(event);
            } catch (RuntimeException e) {
                LOG.warn("an invalidation listener failed on {}; the others still run", event, e);
            }
        }
    }

    /** Stops delivering: news not yet delivered is dropped; a delivery under way finishes. */
    @Override
    public void close() {
        executor.shutdown();
        synchronized (this) {
            pendingTables.clear();
            pendingEverything = null;
        }
    }
}
