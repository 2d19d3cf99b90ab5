package dev.dx.dbteleport.internal;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-table generation counters and a global epoch: the fill side of the rule "a result read before
 * an invalidating commit is never cached after it" (see {@link ResultCache} for the argument).
 *
 * <p>A table's counter is bumped by every invalidation of the table (whole or by keys), the epoch by
 * {@code everythingChanged}. A fill {@linkplain #snapshot snapshots} the epoch and the counters of
 * its query's tables before it runs the query, and {@linkplain #unchanged checks} them after its
 * entry is in the cache. Thread-safe; counters are created at registration and never removed.
 */
public final class Generations {

    private final AtomicLong epoch = new AtomicLong();
    private final ConcurrentMap<String, AtomicLong> tables = new ConcurrentHashMap<>();

    /** The counter of {@code table} ({@code schema.table}), created on first use. */
    public AtomicLong counter(String table) {
        return tables.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new AtomicLong());
    }

    /** Bumps {@code table}'s counter if any query depends on it; returns whether one does. */
    public boolean bump(String table) {
        AtomicLong counter = tables.get(table);
        if (counter == null) {
            return false;
        }
        counter.incrementAndGet();
        return true;
    }

    /** Whether a registered query depends on {@code table} ({@code schema.table}, lowercase). */
    public boolean watches(String table) {
        return tables.containsKey(table);
    }

    /** Bumps the epoch, which every snapshot includes. */
    public void bumpEpoch() {
        epoch.incrementAndGet();
    }

    /** The epoch followed by the counters of {@code query}'s tables, in its table order. */
    public long[] snapshot(RegisteredQuery query) {
        AtomicLong[] counters = query.generations();
        long[] values = new long[counters.length + 1];
        values[0] = epoch.get();
        for (int i = 0; i < counters.length; i++) {
            values[i + 1] = counters[i].get();
        }
        return values;
    }

    /** Whether neither the epoch nor any of {@code query}'s tables moved since {@code snapshot}. */
    public boolean unchanged(RegisteredQuery query, long[] snapshot) {
        if (epoch.get() != snapshot[0]) {
            return false;
        }
        AtomicLong[] counters = query.generations();
        for (int i = 0; i < counters.length; i++) {
            if (counters[i].get() != snapshot[i + 1]) {
                return false;
            }
        }
        return true;
    }
}
