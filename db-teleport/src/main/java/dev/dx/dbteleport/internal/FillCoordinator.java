package dev.dx.dbteleport.internal;

import dev.dx.codec.hbtp.HbtpCompressedBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Runs cache misses on the JDBC executor, one query per key at a time (single flight): a miss for a
 * key whose query is already running joins it, unless a table it reads has changed since that run
 * began (then the run's result may be stale for the newcomer, who starts a fresh run).
 *
 * <p>A run: checks it is not on an event loop, takes a connection, binds, executes, encodes the
 * result (§7), compresses it when that shrinks it (at or above the threshold), makes the entry,
 * offers it to the {@link ResultCache}, leaves the in-flight map and makes every waiter its own
 * reference with {@code reader}. The run holds the entry while it does so, so the waiters get
 * their references even when the cache did not keep it; it lets go before it completes the
 * futures.
 *
 * @param <R> what a waiter gets: a handle that owns a reference to the body
 */
public final class FillCoordinator<R> {

    /** One running query and the futures waiting for it. */
    private final class Flight {
        final QueryKey key;
        /** The generations before the query runs; set once, inside the in-flight map's compute. */
        long[] snapshot;
        private final List<CompletableFuture<R>> waiters = new ArrayList<>(1);
        private boolean done;

        Flight(QueryKey key, long[] snapshot) {
            this.key = key;
            this.snapshot = snapshot;
        }

        /** Adds a waiter; false once the flight has finished (the caller looks again). */
        synchronized boolean join(CompletableFuture<R> waiter) {
            if (done) {
                return false;
            }
            waiters.add(waiter);
            return true;
        }

        synchronized List<CompletableFuture<R>> finish() {
            done = true;
            return waiters;
        }
    }

    private final DataSource dataSource;
    private final Executor executor;
    private final ByteBufAllocator alloc;
    private final ResultCache cache;
    private final Generations generations;
    private final StatsRecorder stats;
    private final int compressionLevel;
    private final int compressionThreshold;
    private final int maxRows;
    private final Function<CacheEntry, R> reader;
    private final Consumer<R> releaser;
    private final ConcurrentMap<QueryKey, Flight> inFlight = new ConcurrentHashMap<>();

    /**
     * A coordinator that queries {@code dataSource} on {@code executor}; {@code reader} makes a
     * waiter's handle from an entry (taking a reference), {@code releaser} releases one nobody
     * will take (its future was cancelled).
     */
    public FillCoordinator(DataSource dataSource, Executor executor, ByteBufAllocator alloc, ResultCache cache,
            Generations generations, StatsRecorder stats, int compressionLevel, int compressionThreshold,
            int maxRows, Function<CacheEntry, R> reader, Consumer<R> releaser) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.alloc = alloc;
        this.cache = cache;
        this.generations = generations;
        this.stats = stats;
        this.compressionLevel = compressionLevel;
        this.compressionThreshold = compressionThreshold;
        this.maxRows = maxRows;
        this.reader = reader;
        this.releaser = releaser;
    }

    /** A future for {@code key}'s result: joins the run for it, or starts one on the executor. */
    public CompletableFuture<R> fill(QueryKey key) {
        CompletableFuture<R> waiter = new CompletableFuture<>();
        for (;;) {
            Flight fresh = new Flight(key, null);
            Flight flight = inFlight.compute(key, (k, f) -> {
                if (f != null && generations.unchanged(k.query(), f.snapshot)) {
                    return f;
                }
                fresh.snapshot = generations.snapshot(k.query());
                return fresh;
            });
            if (!flight.join(waiter)) {
                continue;
            }
            if (flight == fresh) {
                start(flight);
            }
            return waiter;
        }
    }

    private void start(Flight flight) {
        try {
            executor.execute(() -> run(flight));
        } catch (RejectedExecutionException e) {
            fail(flight, new RejectedExecutionException("query " + flight.key.query().name()
                    + " not run: the JDBC executor refused it (its queue is full or it is shut down)", e));
        }
    }

    private void run(Flight flight) {
        CacheEntry entry;
        try {
            EventLoopGuard.checkNotEventLoop("query " + flight.key.query().name());
            entry = query(flight.key);
        } catch (Throwable t) {
            fail(flight, t);
            return;
        }
        // Make every waiter's reference while the run still holds the entry, let go, and only then
        // complete the futures: a caller who sees its result sees the cache's hold as it is.
        List<CompletableFuture<R>> waiters;
        List<R> results;
        entry.acquire();
        try {
            cache.offer(entry, flight.snapshot);
            inFlight.remove(flight.key, flight);
            waiters = flight.finish();
            results = new ArrayList<>(waiters.size());
            for (int i = 0; i < waiters.size(); i++) {
                results.add(reader.apply(entry));
            }
        } finally {
            entry.releaseHolder();
        }
        for (int i = 0; i < waiters.size(); i++) {
            if (!waiters.get(i).complete(results.get(i))) {
                releaser.accept(results.get(i));
            }
        }
    }

    private void fail(Flight flight, Throwable cause) {
        inFlight.remove(flight.key, flight);
        for (CompletableFuture<R> waiter : flight.finish()) {
            waiter.completeExceptionally(cause);
        }
    }

    private CacheEntry query(QueryKey key) throws SQLException {
        RegisteredQuery query = key.query();
        long start = System.nanoTime();
        ResultEncoder.Encoded encoded;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(query.sql())) {
            for (int i = 0; i < key.size(); i++) {
                query.param(i).bind(ps, i + 1, key.param(i));
            }
            // one row more than allowed is enough to know the result is too long
            ps.setMaxRows(maxRows == Integer.MAX_VALUE ? 0 : maxRows + 1);
            try (ResultSet rs = ps.executeQuery()) {
                encoded = ResultEncoder.encode(query, rs, alloc, maxRows);
            }
        }
        ByteBuf message = encoded.message();
        HbtpCompressedBody body = message.readableBytes() >= compressionThreshold
                ? HbtpCompressedBody.compress(alloc, message, compressionLevel)
                : HbtpCompressedBody.uncompressed(message);
        stats.fill(System.nanoTime() - start);
        return new CacheEntry(key, body, encoded.rowCount());
    }

    /** Keys with a query running now (tests). */
    public int inFlight() {
        return inFlight.size();
    }
}
