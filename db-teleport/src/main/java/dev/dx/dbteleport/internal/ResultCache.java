package dev.dx.dbteleport.internal;

import static dev.dx.common.Checks.checkNotNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The cached results, their limits, the index from tables (and keys) to entries, and the
 * invalidation side's {@link InvalidationSink}.
 *
 * <h2>Limits</h2>
 * Caffeine bounds a cache by weight or by count, not both (its builder refuses the pair). Both
 * limits are kept with one weight: an entry weighs {@code max(storedBytes, unit)} with
 * {@code unit = ceil(maxBytes / maxEntries)} and the maximum weight is {@code maxBytes}. The total
 * weight is at least the total bytes, so the byte limit holds; every entry weighs at least
 * {@code unit}, so at most {@code maxBytes / unit <= maxEntries} entries fit. The cost: when
 * entries are smaller than {@code unit}, the entry limit is the one that binds, which is what it
 * is for. A result larger than {@code maxBytes} is never offered to Caffeine (it would be evicted
 * at once): it is served and not cached.
 *
 * <h2>Index</h2>
 * Each entry is linked, for every table of its query, under the table, and under (table, key) for
 * a keyed query or under the table's unkeyed entries otherwise. Invalidation visits only the sets
 * it names; a lookup is Caffeine's hash lookup. Links are added before the entry enters Caffeine and
 * removed by the removal listener (eviction, replacement, invalidation alike), which runs on the
 * removing thread, so the index never outlives an entry for long and never misses one in the cache.
 *
 * <h2>Why a result read before an invalidating commit is never cached after it</h2>
 * A fill snapshots the generations of its query's tables (and the epoch) before it runs the query;
 * it links and inserts its entry, then checks the generations again and removes the entry if any
 * moved. An invalidation bumps the generation first and only then removes the linked entries. Take
 * a commit C whose notification invalidates table T, and a fill F of a query on T that read the
 * database before C was visible to it:
 * <ul>
 *   <li>the bump for C cannot precede F's snapshot: the notification arrives after C commits, and
 *       F's statement started after its snapshot, so it would have seen C;</li>
 *   <li>if the bump falls between F's snapshot and F's re-check, the re-check sees it and F removes
 *       its own entry;</li>
 *   <li>if the bump falls after F's re-check, the invalidation's removal runs after the bump, hence
 *       after F's insert (which precedes the re-check): it finds F's entry linked and removes it.</li>
 * </ul>
 * The atomic counters and the concurrent maps order these steps across threads. A fill never
 * replaces an entry already there (another run's, which either passed its own re-check or will be
 * removed by the invalidation that overtook it), so an overtaken fill cannot push out a fresher one.
 */
public final class ResultCache implements InvalidationSink {

    /** A table and a key value, in PostgreSQL's text form. */
    private record TableKey(String table, String key) {
    }

    private final long maxBytes;
    private final int unit;
    private final Cache<QueryKey, CacheEntry> cache;
    private final Generations generations;
    private final StatsRecorder stats;
    private final AtomicLong bytes = new AtomicLong();
    /** Set by {@link #clear()}: a fill still running then must not leave its entry behind. */
    private volatile BooleanSupplier admitting = () -> true;
    private volatile boolean closed;
    private final ConcurrentMap<String, Set<CacheEntry>> byTable = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<CacheEntry>> unkeyedByTable = new ConcurrentHashMap<>();
    private final ConcurrentMap<TableKey, Set<CacheEntry>> byTableKey = new ConcurrentHashMap<>();

    /**
     * A cache of at most {@code maxBytes} stored bytes and {@code maxEntries} entries.
     *
     * @throws IllegalArgumentException if {@code maxBytes / maxEntries} exceeds {@link Integer#MAX_VALUE}
     */
    public ResultCache(long maxBytes, long maxEntries, Generations generations, StatsRecorder stats) {
        long u = (maxBytes + maxEntries - 1) / maxEntries;
        if (u > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes / maxEntries : " + u + " (expected: <= "
                    + Integer.MAX_VALUE + ": raise maxEntries or lower maxBytes)");
        }
        this.maxBytes = maxBytes;
        this.unit = (int) u;
        this.generations = generations;
        this.stats = stats;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((QueryKey k, CacheEntry e) -> Math.max(e.storedLength(), unit))
                .executor(Runnable::run)
                .removalListener((QueryKey k, CacheEntry e, RemovalCause cause) -> removed(e, cause))
                .build();
    }

    /**
     * Caches fills only while {@code condition} holds: the change feed's {@link ChangeFeed#isListening()},
     * so that a result read while notifications cannot arrive is served and not cached. (A feed that
     * starts listening again reports everything changed right after, which bumps the epoch: a fill
     * admitted in between is removed by that report or by its own re-check.)
     */
    public void admitWhile(BooleanSupplier condition) {
        this.admitting = checkNotNull(condition, "condition");
    }

    /** The entry for {@code key}, or {@code null}: one hash lookup. */
    public CacheEntry lookup(QueryKey key) {
        return cache.getIfPresent(key);
    }

    /**
     * Takes over the cache's hold on {@code entry}, filled from the database after
     * {@code snapshot}: caches it unless it is larger than the cache or a table it read changed
     * since the snapshot, and lets go of it otherwise.
     *
     * @return whether the entry went in and stayed past the re-check (the limits may still evict it)
     */
    public boolean offer(CacheEntry entry, long[] snapshot) {
        if (closed) {
            entry.evicted();
            return false;
        }
        if (!admitting.getAsBoolean()) {
            // notifications are not being received: nothing could invalidate this entry
            stats.discarded();
            entry.evicted();
            return false;
        }
        if (entry.storedLength() > maxBytes) {
            stats.tooLarge();
            entry.evicted();
            return false;
        }
        link(entry);
        bytes.addAndGet(entry.storedLength());
        if (cache.asMap().putIfAbsent(entry.key(), entry) != null) {
            // an entry of another run is there: it is as fresh (or will be invalidated), keep it
            unlink(entry);
            bytes.addAndGet(-entry.storedLength());
            entry.evicted();
            return false;
        }
        if (!generations.unchanged(entry.key().query(), snapshot)) {
            cache.asMap().remove(entry.key(), entry);
            stats.discarded();
            return false;
        }
        if (closed) {
            // clear() set the flag before it emptied the cache, which may have missed this entry
            cache.asMap().remove(entry.key(), entry);
            return false;
        }
        return true;
    }

    private void removed(CacheEntry entry, RemovalCause cause) {
        if (entry == null) {
            return;
        }
        unlink(entry);
        bytes.addAndGet(-entry.storedLength());
        if (cause == RemovalCause.SIZE) {
            stats.eviction();
        }
        entry.evicted();
    }

    private void link(CacheEntry entry) {
        RegisteredQuery query = entry.key().query();
        String key = keyText(entry);
        for (String table : query.tables()) {
            add(byTable, table, entry);
            if (key == null) {
                add(unkeyedByTable, table, entry);
            } else {
                add(byTableKey, new TableKey(table, key), entry);
            }
        }
    }

    private void unlink(CacheEntry entry) {
        RegisteredQuery query = entry.key().query();
        String key = keyText(entry);
        for (String table : query.tables()) {
            remove(byTable, table, entry);
            if (key == null) {
                remove(unkeyedByTable, table, entry);
            } else {
                remove(byTableKey, new TableKey(table, key), entry);
            }
        }
    }

    /** The key of a keyed query's entry as notifications list it; {@code null} if unkeyed or NULL. */
    private static String keyText(CacheEntry entry) {
        QueryKey key = entry.key();
        if (!key.query().keyed() || key.param(0) == null) {
            return null;
        }
        return ParamKind.keyText(key.param(0));
    }

    private static <K> void add(ConcurrentMap<K, Set<CacheEntry>> index, K k, CacheEntry entry) {
        index.compute(k, (x, set) -> {
            Set<CacheEntry> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(entry);
            return s;
        });
    }

    private static <K> void remove(ConcurrentMap<K, Set<CacheEntry>> index, K k, CacheEntry entry) {
        index.computeIfPresent(k, (x, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }

    /** Removes the entries in {@code set} (a copy is taken: removal edits the set). */
    private void invalidate(Set<CacheEntry> set) {
        if (set == null) {
            return;
        }
        for (CacheEntry entry : new ArrayList<>(set)) {
            if (cache.asMap().remove(entry.key(), entry)) {
                stats.invalidation();
            }
        }
    }

    @Override
    public void tableChanged(String table, long lagNanos) {
        stats.lag(lagNanos);
        if (generations.bump(table)) {
            invalidate(byTable.get(table));
        }
    }

    @Override
    public void keysChanged(String table, List<String> keys, long lagNanos) {
        stats.lag(lagNanos);
        if (!generations.bump(table)) {
            return;
        }
        invalidate(unkeyedByTable.get(table));
        for (String key : keys) {
            invalidate(byTableKey.get(new TableKey(table, key)));
        }
    }

    @Override
    public void everythingChanged(String reason) {
        generations.bumpEpoch();
        for (CacheEntry entry : new ArrayList<>(cache.asMap().values())) {
            if (cache.asMap().remove(entry.key(), entry)) {
                stats.invalidation();
            }
        }
    }

    /**
     * Drops every entry, releasing its body, and refuses entries from then on (on close: fills
     * still running on the executor are served to their callers and not cached).
     */
    public void clear() {
        closed = true;
        cache.invalidateAll();
        cache.cleanUp();
    }

    /** Entries now in the cache. */
    public long size() {
        return cache.estimatedSize();
    }

    /** Stored bytes of the entries now in the cache. */
    public long bytes() {
        return bytes.get();
    }

    /** The number of index links now held (tests: the index follows the cache). */
    public int indexLinks() {
        int n = 0;
        for (Set<CacheEntry> s : byTable.values()) {
            n += s.size();
        }
        for (Set<CacheEntry> s : unkeyedByTable.values()) {
            n += s.size();
        }
        for (Set<CacheEntry> s : byTableKey.values()) {
            n += s.size();
        }
        return n;
    }

    /** Runs Caffeine's pending maintenance (evictions) now. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** The weight unit, {@code ceil(maxBytes / maxEntries)}. */
    public int unit() {
        return unit;
    }
}
