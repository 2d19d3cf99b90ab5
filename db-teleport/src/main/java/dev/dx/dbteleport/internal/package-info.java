/**
 * DbTeleport's machinery, not API: the notification listener and trigger installer (the invalidation
 * side), and the cache index, generations and result encoding (the cache side). The two sides meet at
 * {@link dev.dx.dbteleport.internal.InvalidationSink} and {@link dev.dx.dbteleport.internal.ChangeFeed}.
 */
package dev.dx.dbteleport.internal;
