package dev.dx.dbteleport.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache's counters: hits, misses, evictions, invalidations, fills (count, total and maximum
 * time), results served but not cached because they were larger than the cache, fills discarded
 * because an invalidation overtook them, and the notification lag the change feed reports.
 * Thread-safe; each counter is read on its own, so a snapshot of several is not atomic.
 */
public final class StatsRecorder {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder fills = new LongAdder();
    private final LongAdder fillNanos = new LongAdder();
    private final AtomicLong maxFillNanos = new AtomicLong();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final LongAdder notifications = new LongAdder();
    private final LongAdder lagNanos = new LongAdder();
    private final AtomicLong maxLagNanos = new AtomicLong();

    /** A lookup found an entry. */
    public void hit() {
        hits.increment();
    }

    /** A lookup found none. */
    public void miss() {
        misses.increment();
    }

    /** The size limits removed an entry. */
    public void eviction() {
        evictions.increment();
    }

    /** A change notification removed an entry. */
    public void invalidation() {
        invalidations.increment();
    }

    /** A query ran and its result was encoded in {@code nanos}. */
    public void fill(long nanos) {
        fills.increment();
        fillNanos.add(nanos);
        maxFillNanos.accumulateAndGet(nanos, Math::max);
    }

    /** A result was larger than the cache's byte limit: served, not cached. */
    public void tooLarge() {
        tooLarge.increment();
    }

    /** A fill's result was dropped because a table it read changed while it ran. */
    public void discarded() {
        discarded.increment();
    }

    /** A notification arrived {@code nanos} after its trigger ran (negative values count as 0). */
    public void lag(long nanos) {
        long n = Math.max(0, nanos);
        notifications.increment();
        lagNanos.add(n);
        maxLagNanos.accumulateAndGet(n, Math::max);
    }

    /** Hits so far. */
    public long hits() {
        return hits.sum();
    }

    /** Misses so far. */
    public long misses() {
        return misses.sum();
    }

    /** Evictions so far. */
    public long evictions() {
        return evictions.sum();
    }

    /** Invalidated entries so far. */
    public long invalidations() {
        return invalidations.sum();
    }

    /** Fills so far. */
    public long fills() {
        return fills.sum();
    }

    /** Mean fill time in nanoseconds, 0 before the first. */
    public long meanFillNanos() {
        long n = fills.sum();
        return n == 0 ? 0 : fillNanos.sum() / n;
    }

    /** Longest fill time in nanoseconds. */
    public long maxFillNanos() {
        return maxFillNanos.get();
    }

    /** Results served but not cached for their size. */
    public long tooLargeCount() {
        return tooLarge.sum();
    }

    /** Fills discarded because of a concurrent invalidation. */
    public long discardedCount() {
        return discarded.sum();
    }

    /** Notifications with a lag so far. */
    public long notifications() {
        return notifications.sum();
    }

    /** Mean notification lag in nanoseconds, 0 before the first. */
    public long meanLagNanos() {
        long n = notifications.sum();
        return n == 0 ? 0 : lagNanos.sum() / n;
    }

    /** Largest notification lag in nanoseconds. */
    public long maxLagNanos() {
        return maxLagNanos.get();
    }
}
