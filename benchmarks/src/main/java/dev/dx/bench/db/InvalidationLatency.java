package dev.dx.bench.db;

import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The time from a commit returning to its client to the cached entry it made stale being gone, on one
 * DbTeleport instance and across two that share the database (gone from both), over {@code commits}
 * commits after {@code warmup} unmeasured ones. Each round fills the entry on every instance, commits
 * an UPDATE of its key from a plain JDBC connection (autocommit), then polls {@code getCached} on each
 * instance until the entry is gone (parking 10 µs between polls, so the figures resolve to about
 * that much plus the timer's slack).
 *
 * <pre>
 * java -cp benchmarks.jar dev.dx.bench.db.InvalidationLatency [commits=1000] [warmup=200]
 * </pre>
 */
public final class InvalidationLatency {

    private InvalidationLatency() {
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (BenchDatabase database = new BenchDatabase()) {
            database.execute("create table bench_keys(k int primary key, v bigint not null);"
                    + " insert into bench_keys select g, 0 from generate_series(0, 9) g");
            for (int instances = 1; instances <= 2; instances++) {
                List<DbTeleport> caches = new ArrayList<>();
                try (Connection writer = database.dataSource().getConnection();
                        PreparedStatement update = writer.prepareStatement("update bench_keys set v = v + 1 where k = 1")) {
                    for (int i = 0; i < instances; i++) {
                        DbTeleport cache = DbTeleport.builder().jdbcUrl(database.jdbcUrl(), "postgres", "").build();
                        cache.register("byKey", "select k, v from bench_keys where k = ?", List.of("bench_keys"), "k");
                        caches.add(cache);
                    }
                    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                    for (int round = 0; round < warmup + commits; round++) {
                        for (DbTeleport cache : caches) {
                            cache.get("byKey", 1).get(10, TimeUnit.SECONDS).close();
                        }
                        update.executeUpdate();
                        long committed = System.nanoTime();
                        for (DbTeleport cache : caches) {
                            awaitGone(cache);
                        }
                        if (round >= warmup) {
                            histogram.recordValue(System.nanoTime() - committed);
                        }
                    }
                    System.out.printf("instances=%d commits=%d  commit->gone p50=%.3f ms p90=%.3f ms p99=%.3f ms"
                                    + " max=%.3f ms%n", instances, commits,
                            histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6,
                            histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
                } finally {
                    for (DbTeleport cache : caches) {
                        cache.close();
                    }
                }
            }
        }
    }

    private static void awaitGone(DbTeleport cache) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            try (CachedResult r = cache.getCached("byKey", 1)) {
                if (r == null) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("entry still cached 10 s after the commit");
            }
            // park rather than spin: the database and its notification need the CPU too
            LockSupport.parkNanos(10_000);
        }
    }
}
