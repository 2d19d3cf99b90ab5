package dev.dx.dbteleport;

import static dev.dx.common.Checks.checkNotNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dx.dbteleport.internal.CacheEntry;
import dev.dx.dbteleport.internal.ChangeFeed;
import dev.dx.dbteleport.internal.ChangeFeedFactory;
import dev.dx.dbteleport.internal.EventLoopGuard;
import dev.dx.dbteleport.internal.FillCoordinator;
import dev.dx.dbteleport.internal.Generations;
import dev.dx.dbteleport.internal.InvalidationNotifier;
import dev.dx.dbteleport.internal.JdbcExecutors;
import dev.dx.dbteleport.internal.QueryKey;
import dev.dx.dbteleport.internal.QueryRegistrar;
import dev.dx.dbteleport.internal.RegisteredQuery;
import dev.dx.dbteleport.internal.ResultCache;
import dev.dx.dbteleport.internal.StatsRecorder;
import dev.dx.dbteleport.internal.notify.PgChangeFeeds;
import dev.dx.teleport.TeleportQueryResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A PostgreSQL query cache whose entries are ready-to-send Teleport messages (Teleport/1.1 §7).
 *
 * <pre>{@code
 * DbTeleport cache = DbTeleport.builder().dataSource(ds).maxBytes(256 << 20).build();
 * cache.register("user", "select id, name from users where id = ?", List.of("users"), "id");
 * cache.get("user", 42L).thenAccept(result -> { result.respondTo(exchange); result.close(); });
 * }</pre>
 *
 * <p>Queries are {@linkplain #register registered} once, at startup, and validated then.
 * {@link #get} answers from the cache or runs the query on the JDBC executor (never on the calling
 * thread, which may be an event loop), one run per key at a time; {@link #getCached} only looks.
 * Entries go when the byte or entry limit needs room, and when the change feed reports a committed
 * change to a table they read (or to their key). Thread-safe.
 */
public final class DbTeleport implements AutoCloseable {

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final ExecutorService ownedExecutor;
    private final boolean installTriggers;
    private final Generations generations = new Generations();
    private final StatsRecorder stats = new StatsRecorder();
    private final ResultCache cache;
    private final FillCoordinator<CachedResult> fills;
    private final QueryRegistrar registrar = new QueryRegistrar(generations);
    private final InvalidationNotifier notifier;
    private final ChangeFeed feed;
    private final ConcurrentMap<String, RegisteredQuery> queries = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    DbTeleport(DbTeleportBuilder b) {
        this.installTriggers = b.installTriggers;
        this.cache = new ResultCache(b.maxBytes, b.maxEntries, generations, stats);
        this.ownedPool = b.jdbcUrl == null ? null : pool(b);
        this.dataSource = ownedPool == null ? b.dataSource : ownedPool;
        Executor executor = b.executor;
        this.ownedExecutor = executor == null ? JdbcExecutors.bounded(b.jdbcThreads, b.jdbcQueue) : null;
        if (executor == null) {
            executor = ownedExecutor;
        }
        this.notifier = new InvalidationNotifier(cache, generations::watches);
        this.fills = new FillCoordinator<>(dataSource, executor, b.allocator, cache, generations, stats,
                b.compressionLevel, b.compressionThreshold, b.maxRows, CachedResult::of, CachedResult::close);
        ChangeFeed f = null;
        try {
            ChangeFeedFactory factory = b.changeFeedFactory != null ? b.changeFeedFactory
                    : PgChangeFeeds.factory(PgChangeFeeds.listenConnections(b.listenConnections, b.jdbcUrl, b.user,
                            b.password, dataSource));
            f = factory.create(dataSource, b.channel, notifier);
            f.start();
        } catch (SQLException | RuntimeException e) {
            if (f != null) {
                f.close();
            }
            shutdownResources();
            throw new IllegalStateException("DbTeleport: the change feed on channel " + b.channel
                    + " did not start: " + e.getMessage(), e);
        }
        this.feed = f;
        cache.admitWhile(f::isListening);
    }

    private static HikariDataSource pool(DbTeleportBuilder b) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(b.jdbcUrl);
        config.setUsername(b.user);
        config.setPassword(b.password);
        config.setPoolName("dx-dbteleport");
        config.setMaximumPoolSize(b.jdbcThreads + 2);
        return new HikariDataSource(config);
    }

    /** A builder; give it a DataSource or a JDBC URL. */
    public static DbTeleportBuilder builder() {
        return new DbTeleportBuilder();
    }

    /** {@link #register(String, String, List, String)} without a key column. */
    public void register(String name, String sql, List<String> dependentTables) {
        register(name, sql, dependentTables, null);
    }

    /**
     * Registers and validates a query. A startup action: it <b>blocks</b> on the database (it
     * prepares the statement, reads its metadata and the catalog, and installs the triggers) and is
     * refused on an event loop.
     *
     * @param name the query's name, a Java identifier (it names the §7 structs: {@code user} gives
     *        {@code User} and {@code UserRow})
     * @param sql the query, with {@code ?} parameters
     * @param dependentTables the tables (or views) whose committed changes make its results stale,
     *        as {@code name} or {@code schema.name}
     * @param keyColumn {@code null}, or a column present in <b>every</b> dependent table whose value
     *        the query's first parameter is: an entry then goes only when a change touches a row of
     *        one of those tables whose key column held that value (or when a table changes as a whole)
     * @throws IllegalArgumentException naming the query and the culprit: a name already registered
     *         or not an identifier, an unknown table, SQL that does not prepare, a column type §7
     *         does not map, a parameter type {@code get} cannot bind, or a key column missing from a
     *         table or without a parameter
     * @throws IllegalStateException if the database cannot be reached or the triggers not installed
     * @throws io.netty.util.concurrent.BlockingOperationException on an event loop
     */
    public void register(String name, String sql, List<String> dependentTables, String keyColumn) {
        checkNotNull(name, "name");
        checkNotNull(sql, "sql");
        checkNotNull(dependentTables, "dependentTables");
        checkOpen();
        EventLoopGuard.checkNotEventLoop("DbTeleport.register");
        if (queries.containsKey(name)) {
            throw new IllegalArgumentException("query " + name + ": already registered");
        }
        RegisteredQuery query;
        try (Connection c = dataSource.getConnection()) {
            query = registrar.register(c, name, sql, dependentTables, keyColumn, installTriggers ? feed : null);
        } catch (SQLException e) {
            throw new IllegalStateException("query " + name + ": " + e.getMessage(), e);
        }
        if (queries.putIfAbsent(name, query) != null) {
            throw new IllegalArgumentException("query " + name + ": already registered");
        }
    }

    /**
     * The tables a registered query depends on, as invalidations name them: {@code schema.table},
     * lowercase, in registration order.
     *
     * @throws IllegalArgumentException if the query is not registered
     */
    public List<String> tables(String name) {
        return query(name).tables();
    }

    /**
     * Adds a listener told, after the cache dropped the entries concerned, of every committed change to
     * a table a registered query reads, and of every time the cache dropped everything (the LISTEN
     * connection broke or came back). It runs on the cache's notifier thread, never on the LISTEN
     * thread; see {@link DbTeleportInvalidationListener} for order, merging and failures. Adding the
     * same listener twice makes it run twice.
     */
    public void addInvalidationListener(DbTeleportInvalidationListener listener) {
        checkOpen();
        notifier.add(listener);
    }

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    public boolean removeInvalidationListener(DbTeleportInvalidationListener listener) {
        return notifier.remove(listener);
    }

    /** The §7 layout of a registered query's results. */
    public TeleportQueryResult layout(String name) {
        return query(name).layout();
    }

    /**
     * The result of query {@code name} with {@code params}: completed at once from the cache, or
     * later from the JDBC executor after the query ran (concurrent misses for one key share one
     * run). The caller closes the result. The future fails if the query fails, or at once if the
     * executor's queue is full.
     *
     * @throws IllegalArgumentException if the query is not registered, or a parameter count or type
     *         does not match its registration (the message names the query, the parameter's index,
     *         the expected and the given type)
     * @throws IllegalStateException if the cache is closed
     */
    public CompletableFuture<CachedResult> get(String name, Object... params) {
        QueryKey key = key(name, params);
        CacheEntry entry = cache.lookup(key);
        if (entry != null) {
            CachedResult result = CachedResult.of(entry);
            if (result != null) {
                stats.hit();
                return CompletableFuture.completedFuture(result);
            }
        }
        stats.miss();
        return fills.fill(key);
    }

    /**
     * The cached result of query {@code name} with {@code params}, or {@code null}: one hash lookup,
     * never a query. The caller closes the result.
     *
     * @throws IllegalArgumentException as {@link #get} does
     * @throws IllegalStateException if the cache is closed
     */
    public CachedResult getCached(String name, Object... params) {
        CacheEntry entry = cache.lookup(key(name, params));
        CachedResult result = entry == null ? null : CachedResult.of(entry);
        if (result == null) {
            stats.miss();
        } else {
            stats.hit();
        }
        return result;
    }

    /**
     * Completes once every change notification of a transaction committed before this call has
     * been applied to the cache (the change feed's barrier).
     */
    public CompletableFuture<Void> sync() {
        return feed.sync();
    }

    /** A snapshot of the counters. */
    public DbTeleportStats stats() {
        return new DbTeleportStats(stats.hits(), stats.misses(), stats.evictions(), stats.invalidations(),
                stats.fills(), stats.meanFillNanos(), stats.maxFillNanos(), stats.tooLargeCount(),
                stats.discardedCount(), stats.notifications(), stats.meanLagNanos(), stats.maxLagNanos(),
                cache.size(), cache.bytes());
    }

    private QueryKey key(String name, Object[] params) {
        checkOpen();
        RegisteredQuery query = query(name);
        Object[] given = params == null ? new Object[] {null} : params;
        if (given.length != query.paramCount()) {
            throw new IllegalArgumentException("query " + name + ": " + given.length + " parameters given (expected: "
                    + query.paramCount() + ")");
        }
        Object[] normalized = new Object[given.length];
        for (int i = 0; i < given.length; i++) {
            normalized[i] = query.param(i).normalize(given[i], name, i + 1);
        }
        return new QueryKey(query, normalized);
    }

    private RegisteredQuery query(String name) {
        checkNotNull(name, "name");
        RegisteredQuery query = queries.get(name);
        if (query == null) {
            throw new IllegalArgumentException("query " + name + ": not registered (registered: "
                    + queries.keySet() + ")");
        }
        return query;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("DbTeleport is closed");
        }
    }

    ResultCache cache() {
        return cache;
    }

    int inFlight() {
        return fills.inFlight();
    }

    /**
     * Stops the change feed and the JDBC executor it made, releases every cached body (readers keep
     * theirs), and closes the pool it made. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            feed.close();
        } finally {
            shutdownResources();
        }
    }

    private void shutdownResources() {
        notifier.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        cache.clear();
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
