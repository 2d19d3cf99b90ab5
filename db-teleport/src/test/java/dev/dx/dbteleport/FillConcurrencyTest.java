package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.testing.CountingDataSource;
import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.BlockingOperationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Single flight, the event loop rule, the bounded queue, and a run overtaken by an invalidation. */
@Timeout(60)
class FillConcurrencyTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private CountingDataSource ds;
    private FakeChangeFeed feed;
    private DbTeleport cache;

    @BeforeAll
    static void schema() {
        PG.execute("create table kv(k int primary key, v text not null);"
                + "insert into kv select g, 'v' || g from generate_series(1, 10) g");
    }

    private DbTeleport open(DbTeleportBuilder builder) {
        ds = new CountingDataSource(PG.dataSource());
        feed = new FakeChangeFeed();
        cache = builder.dataSource(ds).changeFeedFactory(feed.factory()).build();
        cache.register("v", "select v from kv where k = ?", List.of("kv"), "k");
        ds.reset();
        return cache;
    }

    @AfterEach
    void close() {
        if (ds != null) {
            ds.releaseConnections();
        }
        if (cache != null) {
            cache.close();
        }
    }

    @Test
    void concurrentMissesForOneKeyRunTheQueryOnce() throws Exception {
        open(DbTeleport.builder());
        ds.holdConnections();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<CompletableFuture<CachedResult>>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> cache.get("v", 4), callers));
            }
            List<CompletableFuture<CachedResult>> results = new ArrayList<>();
            for (CompletableFuture<CompletableFuture<CachedResult>> call : calls) {
                results.add(call.get());
            }
            await(() -> ds.connections() == 1);
            ds.releaseConnections();
            for (CompletableFuture<CachedResult> r : results) {
                try (CachedResult result = r.get()) {
                    assertThat(result.rowCount()).isEqualTo(1);
                }
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(ds.connections()).as("connections taken for 32 concurrent misses").isEqualTo(1);
        assertThat(cache.stats().fills()).isEqualTo(1);
        assertThat(cache.inFlight()).isZero();
    }

    @Test
    void aMissOnAnEventLoopQueriesOnAJdbcThread() throws Exception {
        open(DbTeleport.builder());
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            EventLoop loop = group.next();
            Thread loopThread = loop.submit(Thread::currentThread).get();
            CompletableFuture<CachedResult> future = loop.submit(() -> cache.get("v", 5)).get();
            try (CachedResult result = future.get(30, TimeUnit.SECONDS)) {
                assertThat(result.rowCount()).isEqualTo(1);
            }
            assertThat(ds.threads()).isNotEmpty().doesNotContain(loopThread)
                    .allSatisfy(t -> assertThat(t.getName()).startsWith("dx-dbteleport-jdbc-"));
            // a hit on the loop completes at once, without the database
            ds.reset();
            CompletableFuture<CachedResult> hit = loop.submit(() -> cache.get("v", 5)).get();
            assertThat(hit).isDone();
            hit.get().close();
            assertThat(ds.connections()).isZero();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void anExecutorThatRunsOnTheEventLoopIsRefused() throws Exception {
        open(DbTeleport.builder().executor(Runnable::run));
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            CompletableFuture<CachedResult> future = group.next().submit(() -> cache.get("v", 6)).get();
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(BlockingOperationException.class)
                    .hasMessageContaining("query v blocks on the database and must not run on the event loop");
            assertThat(ds.connections()).isZero();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aFullQueueFailsTheFutureAtOnce() throws Exception {
        open(DbTeleport.builder().jdbcThreads(1, 1));
        ds.holdConnections();
        CompletableFuture<CachedResult> running = cache.get("v", 1);
        await(() -> ds.connections() == 1);
        CompletableFuture<CachedResult> queued = cache.get("v", 2);
        CompletableFuture<CachedResult> refused = cache.get("v", 3);
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("query v not run: the JDBC executor refused it (its queue is full");
        ds.releaseConnections();
        running.get().close();
        queued.get().close();
        assertThat(cache.inFlight()).isZero();
    }

    @Test
    void aMissAfterAnInvalidationDoesNotJoinTheRunItOvertook() throws Exception {
        open(DbTeleport.builder());
        ds.holdConnections();
        CompletableFuture<CachedResult> before = cache.get("v", 7);
        await(() -> ds.connections() == 1);
        feed.sink().keysChanged("public.kv", List.of("7"), 0);
        CompletableFuture<CachedResult> after = cache.get("v", 7);
        await(() -> ds.connections() == 2);
        ds.releaseConnections();
        before.get().close();
        after.get().close();
        assertThat(ds.connections()).as("the second miss ran its own query").isEqualTo(2);
    }

    /** Waits (polling, bounded by the test's timeout) until {@code condition} holds. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(2);
        }
    }
}
