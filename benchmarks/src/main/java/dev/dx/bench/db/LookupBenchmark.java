package dev.dx.bench.db;

import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DbTeleport.getCached} among {@code entries} cached results (one per key of a keyed query,
 * each filled through the cache from the embedded PostgreSQL), at keys drawn uniformly at random so
 * that large caches miss the CPU caches as a real server's lookups would. The lookup is one hash
 * probe, so ns/op should stay flat but for memory effects as {@code entries} grows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g", "-Dio.netty.leakDetection.level=disabled"})
public class LookupBenchmark {

    private static final int PROBES = 1 << 16;

    @Param({"10", "1000", "100000", "1000000"})
    public int entries;

    private BenchDatabase database;
    private DbTeleport cache;
    private final Integer[] probes = new Integer[PROBES];
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        database = new BenchDatabase();
        database.execute("create table bench_keys(k int primary key, v bigint not null);"
                + " insert into bench_keys select g, g * 7 from generate_series(0, " + (entries - 1) + ") g");
        cache = DbTeleport.builder().jdbcUrl(database.jdbcUrl(), "postgres", "").maxEntries(2L * entries + 16)
                .maxBytes(1L << 31).build();
        cache.register("byKey", "select k, v from bench_keys where k = ?", List.of("bench_keys"), "k");
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            batch.add(cache.get("byKey", k).thenAccept(CachedResult::close));
            if (batch.size() == 512) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get();
                batch.clear();
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PROBES; i++) {
            probes[i] = random.nextInt(entries);
        }
        for (Integer k : probes) {
            try (CachedResult r = cache.getCached("byKey", k)) {
                if (r == null) {
                    throw new IllegalStateException("key " + k + " is not cached (" + cache.stats() + ")");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        database.close();
    }

    /** One lookup: the result taken and closed. @return its body's length */
    @Benchmark
    public int getCached() {
        try (CachedResult r = cache.getCached("byKey", probes[next++ & (PROBES - 1)])) {
            return r.bodyLength();
        }
    }
}
