/**
 * Benchmarks of the query cache (db-teleport) on an embedded PostgreSQL: a cached answer written into
 * an HBTP channel against pgjdbc and an object cache, lookup against the number of entries, and the
 * time from a commit to the entry's removal.
 */
package dev.dx.bench.db;
