package dev.dx.dbteleport;

/**
 * A snapshot of a {@link DbTeleport}'s counters since it was built. The counters are read one by
 * one, so under load the snapshot is not one instant.
 *
 * @param hits lookups that found a cached result
 * @param misses lookups that did not ({@code get} then queries, or joins a running query)
 * @param evictions entries removed by the byte or entry limit
 * @param invalidations entries removed because a change notification named their table or key, or
 *        everything changed
 * @param fills queries run and encoded
 * @param meanFillNanos mean time of a fill (query, encoding, compression)
 * @param maxFillNanos longest fill
 * @param tooLarge results served but not cached because they were larger than the byte limit
 * @param discardedFills results served but not cached because a table they read changed while the
 *        query ran
 * @param notifications change notifications received
 * @param meanLagNanos mean time from a change's trigger to its notification's arrival
 * @param maxLagNanos longest such lag
 * @param entries entries in the cache now
 * @param bytes stored bytes of those entries
 */
public record DbTeleportStats(long hits, long misses, long evictions, long invalidations, long fills,
        long meanFillNanos, long maxFillNanos, long tooLarge, long discardedFills, long notifications,
        long meanLagNanos, long maxLagNanos, long entries, long bytes) {
}
