package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.internal.InvalidationSink;
import dev.dx.dbteleport.internal.notify.RecordingSink.Event;
import dev.dx.dbteleport.testing.PostgresExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feed when things go wrong: a terminated listener, a server restart, close with syncs pending; and sync()'s ordering. */
@Timeout(120)
class PgChangeFeedFaultTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LISTENER_APP = "dx-feed-listener";

    private final RecordingSink sink = new RecordingSink();
    private final List<PgChangeFeed> feeds = new ArrayList<>();

    @BeforeAll
    static void tables() throws SQLException {
        PG.execute("CREATE TABLE item (id int, name text)");
        PgChangeFeed installer = new PgChangeFeed(config(), new RecordingSink());
        try (Connection c = PG.dataSource().getConnection()) {
            installer.watch(c, "item", "id");
        } finally {
            installer.close();
        }
    }

    static ChangeFeedConfig config() {
        return new ChangeFeedConfig().channel("dx_fault")
                .listenConnections(() -> DriverManager.getConnection(PG.jdbcUrl() + "&ApplicationName=" + LISTENER_APP))
                .syncConnections(() -> PG.dataSource().getConnection())
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(400))
                .pollInterval(Duration.ofMillis(50)).healthCheckInterval(Duration.ofHours(1));
    }

    private PgChangeFeed started(ChangeFeedConfig config) throws SQLException {
        PgChangeFeed feed = new PgChangeFeed(config, sink);
        feeds.add(feed);
        feed.start();
        return feed;
    }

    @AfterEach
    void closeFeeds() {
        feeds.forEach(PgChangeFeed::close);
    }

    @Test
    void aTerminatedListenerDropsEverythingReconnectsAndDeliversAgain() throws Exception {
        PgChangeFeed feed = started(config());
        PG.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + LISTENER_APP + "'");
        assertReconnected(feed);
    }

    @Test
    void aServerRestartDropsEverythingReconnectsAndDeliversAgain() throws Exception {
        PgChangeFeed feed = started(config());
        PG.restart();
        assertReconnected(feed);
    }

    private void assertReconnected(PgChangeFeed feed) throws Exception {
        Event lost = sink.next(WAIT);
        assertThat(lost.kind()).isEqualTo("everything");
        assertThat(lost.reason()).startsWith("listening connection lost");
        assertThat(lost.thread()).isEqualTo(PgChangeFeed.LISTEN_THREAD_NAME);
        Event reconnected = sink.next(WAIT);
        assertThat(reconnected.kind()).isEqualTo("everything");
        assertThat(reconnected.reason()).isEqualTo("reconnected");
        await(feed::isListening);
        PG.execute("INSERT INTO item VALUES (1, 'after')");
        assertThat(sink.next(WAIT).sameChange(Event.keys("public.item", "1"))).isTrue();
        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void syncReturnsOnlyAfterTheSinkHasEveryEarlierCommit() throws Exception {
        PgChangeFeed feed = started(config());
        try (Connection writer = PG.dataSource().getConnection(); Statement s = writer.createStatement()) {
            for (int i = 0; i < 300; i++) {
                s.execute("INSERT INTO item VALUES (" + i + ", 'x')");
                feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Event e = sink.poll();
                assertThat(e).as("commit %d had reached the sink when sync() completed", i).isNotNull();
                assertThat(e.keys()).containsExactly(Integer.toString(i));
            }
        }
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void concurrentSyncsEachSeeTheirOwnEarlierCommit() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        PgChangeFeed feed = new PgChangeFeed(config(), new InvalidationSink() {
            @Override
            public void keysChanged(String table, List<String> keys, long lagNanos) {
                seen.addAll(keys);
            }

            @Override
            public void tableChanged(String table, long lagNanos) {
                throw new AssertionError("unexpected table-wide change of " + table);
            }

            @Override
            public void everythingChanged(String reason) {
                throw new AssertionError("unexpected: " + reason);
            }
        });
        feeds.add(feed);
        feed.start();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4); // four writers at once, on any JDK
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
                    for (int i = 0; i < 50; i++) {
                        int id = 10_000 + writer * 1_000 + i;
                        s.execute("INSERT INTO item VALUES (" + id + ", 'x')");
                        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        if (!seen.contains(Integer.toString(id))) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        try {
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(failures).hasValue(0);
    }

    @Test
    void aSyncPendingWhenTheConnectionBreaksCompletesAfterEverythingChangedAndNewSyncsFailUntilReconnected()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        Callable<Connection> slow = () -> {
            sending.countDown();
            release.await();
            return PG.dataSource().getConnection();
        };
        PgChangeFeed feed = started(config().syncConnections(slow).initialBackoff(Duration.ofSeconds(2)).jitter(0));
        CompletableFuture<Void> pending = feed.sync();
        assertThat(sending.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        PG.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + LISTENER_APP + "'");
        pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Event lost = sink.poll();
        assertThat(lost).as("the sink heard of the loss before the sync completed").isNotNull();
        assertThat(lost.reason()).startsWith("listening connection lost");
        assertThat(feed.isListening()).isFalse();
        assertThatThrownBy(() -> feed.sync().getNow(null)).hasMessageContaining("not listening");
        release.countDown();
        assertThat(sink.next(WAIT).reason()).isEqualTo("reconnected");
        await(feed::isListening);
        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void closeFailsPendingSyncsAndLaterOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        Callable<Connection> slow = () -> {
            sending.countDown();
            release.await();
            return PG.dataSource().getConnection();
        };
        PgChangeFeed feed = started(config().syncConnections(slow));
        CompletableFuture<Void> pending = feed.sync();
        assertThat(sending.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Void> waiting = feed.sync();
        feed.close();
        release.countDown();
        assertThat(feed.isListening()).isFalse();
        for (CompletableFuture<Void> f : List.of(pending, waiting, feed.sync())) {
            assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("change feed closed");
        }
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(PgChangeFeed.LISTEN_THREAD_NAME)));
        await(() -> listenerCount() == 0);
        feed.close();
        assertThatThrownBy(feed::start).isInstanceOf(IllegalStateException.class).hasMessage("change feed closed");
    }

    @Test
    void closeFromAnInterruptedThreadStillStopsAndKeepsTheInterrupt() throws Exception {
        PgChangeFeed feed = started(config());
        Thread.currentThread().interrupt();
        try {
            feed.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        await(() -> listenerCount() == 0);
        assertThat(feed.isListening()).isFalse();
    }

    @Test
    void startFailsWhenTheFirstConnectionFailsAndTwiceIsAnError() throws Exception {
        PgChangeFeed broken = new PgChangeFeed(config().listenConnections(() -> {
            throw new IllegalStateException("no route");
        }), sink);
        feeds.add(broken);
        assertThatThrownBy(broken::start).isInstanceOf(SQLException.class).hasMessageContaining("no route");
        assertThat(broken.isListening()).isFalse();
        assertThat(broken.sync()).isCompletedExceptionally();
        PgChangeFeed nothing = new PgChangeFeed(config().listenConnections(() -> null), sink);
        feeds.add(nothing);
        assertThatThrownBy(nothing::start).isInstanceOf(SQLException.class).hasMessageContaining("returned null");

        PgChangeFeed feed = started(config());
        assertThatThrownBy(feed::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    }

    @Test
    void aBrokenSyncConnectionIsReplaced() throws Exception {
        PgChangeFeed feed = started(config());
        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        // kill every backend but the listener and this one: the feed's held sync connection among them
        PG.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND application_name <> '" + LISTENER_APP + "' AND pid <> pg_backend_pid()");
        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void aFailedHealthCheckCountsAsALostConnection() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        ChangeFeedConfig config = config().healthCheckInterval(Duration.ofMillis(20));
        Callable<Connection> real = config.listenConnections();
        PgChangeFeed feed = started(config.listenConnections(() -> failingFirstHealthCheck(real.call(), checks)));
        Event lost = sink.next(WAIT);
        assertThat(lost.reason()).contains("health check");
        assertThat(sink.next(WAIT).reason()).isEqualTo("reconnected");
        assertThat(checks.get()).isPositive();
        await(feed::isListening);
        PG.execute("INSERT INTO item VALUES (2, 'after')");
        assertThat(sink.next(WAIT).sameChange(Event.keys("public.item", "2"))).isTrue();
    }

    /** A connection whose first {@code isValid} answers false, as a silently dead connection would. */
    private static Connection failingFirstHealthCheck(Connection real, AtomicInteger checks) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isValid") && checks.getAndIncrement() == 0) {
                        return false;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int listenerCount() {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + LISTENER_APP + "'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds, failing after {@link #WAIT}. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(10);
        }
    }
}
