package dev.dx.dbteleport;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;
import static dev.dx.common.Checks.checkPositiveOrZero;

import dev.dx.dbteleport.internal.ChangeFeedFactory;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.sql.Connection;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Configures a {@link DbTeleport}: fluent setters that validate their argument
 * ({@code name : value (expected: ...)}); {@link #build()} checks the combination and starts the
 * cache. Not thread-safe; one builder builds one cache at a time.
 */
public final class DbTeleportBuilder {

    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,48}");

    DataSource dataSource;
    String jdbcUrl;
    String user;
    String password;
    long maxBytes = 64L << 20;
    long maxEntries = 10_000;
    String channel = "dx_teleport";
    boolean installTriggers = true;
    Executor executor;
    int jdbcThreads = 4;
    int jdbcQueue = 1024;
    ChangeFeedFactory changeFeedFactory;
    Callable<Connection> listenConnections;
    ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    int compressionLevel = 3;
    int compressionThreshold = 1024;
    int maxRows = 1_000_000;

    DbTeleportBuilder() {
    }

    /** Queries go to {@code dataSource} (the caller's pool, which {@code close()} leaves open). */
    public DbTeleportBuilder dataSource(DataSource dataSource) {
        this.dataSource = checkNotNull(dataSource, "dataSource");
        return this;
    }

    /**
     * Queries go to a HikariCP pool that the cache makes for {@code jdbcUrl} and closes in
     * {@code close()}.
     */
    public DbTeleportBuilder jdbcUrl(String jdbcUrl, String user, String password) {
        this.jdbcUrl = checkNotNull(jdbcUrl, "jdbcUrl");
        this.user = user;
        this.password = password;
        return this;
    }

    /** The most bytes the cached bodies may take, as stored (default 64 MiB). */
    public DbTeleportBuilder maxBytes(long maxBytes) {
        this.maxBytes = checkPositive(maxBytes, "maxBytes");
        return this;
    }

    /** The most entries the cache may hold (default 10,000). */
    public DbTeleportBuilder maxEntries(long maxEntries) {
        this.maxEntries = checkPositive(maxEntries, "maxEntries");
        return this;
    }

    /** The NOTIFY channel the triggers use and the feed listens on (default {@code dx_teleport}). */
    public DbTeleportBuilder channel(String channel) {
        checkNotNull(channel, "channel");
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel : " + channel
                    + " (expected: a lowercase SQL identifier, [a-z_][a-z0-9_]*, at most 63 characters)");
        }
        this.channel = channel;
        return this;
    }

    /** Whether {@code register} installs the notification triggers on the dependent tables (default true). */
    public DbTeleportBuilder installTriggers(boolean installTriggers) {
        this.installTriggers = installTriggers;
        return this;
    }

    /**
     * Runs JDBC work on {@code executor} instead of the default pool. It must not run tasks on the
     * caller's thread (a caller may be an event loop) and should refuse rather than block when full.
     */
    public DbTeleportBuilder executor(Executor executor) {
        this.executor = checkNotNull(executor, "executor");
        return this;
    }

    /**
     * The default pool's size: {@code threads} daemon threads named {@code dx-dbteleport-jdbc-N}
     * (default 4) and at most {@code queue} waiting queries (default 1024); a query that finds the
     * queue full fails its future at once.
     */
    public DbTeleportBuilder jdbcThreads(int threads, int queue) {
        this.jdbcThreads = checkInRange(threads, 1, 256, "threads");
        this.jdbcQueue = checkPositive(queue, "queue");
        return this;
    }

    /** Where result buffers come from (default the pooled allocator); direct buffers are expected. */
    public DbTeleportBuilder allocator(ByteBufAllocator allocator) {
        this.allocator = checkNotNull(allocator, "allocator");
        return this;
    }

    /** The zstd level for bodies (default 3). */
    public DbTeleportBuilder compressionLevel(int level) {
        this.compressionLevel = checkInRange(level, 1, 22, "level");
        return this;
    }

    /** Bodies of at least this many bytes are compressed when that shrinks them (default 1024). */
    public DbTeleportBuilder compressionThreshold(int bytes) {
        this.compressionThreshold = checkPositiveOrZero(bytes, "bytes");
        return this;
    }

    /**
     * The most rows one result may have (default 1,000,000): a query that returns more fails its
     * future, naming the query, and nothing is cached. Every row is held in memory while the
     * result is encoded, so this bounds a fill's memory with the row size.
     */
    public DbTeleportBuilder maxRows(int maxRows) {
        this.maxRows = checkPositive(maxRows, "maxRows");
        return this;
    }

    /**
     * Where the change feed's LISTEN connection comes from: each call must open a new physical
     * pgjdbc connection that the feed owns (and closes), not one borrowed from a pool, and not through
     * PgBouncer in transaction mode. Default: with {@link #jdbcUrl}, {@code DriverManager} on that URL;
     * with a {@link com.zaxxer.hikari.HikariDataSource}, {@code DriverManager} on its URL and
     * credentials; with any other DataSource, {@code dataSource.getConnection()} (right for an
     * unpooled DataSource such as pgjdbc's {@code PGSimpleDataSource}; a connection from another pool
     * would be held for the feed's life, so give this instead).
     */
    public DbTeleportBuilder listenConnections(Callable<Connection> listenConnections) {
        this.listenConnections = checkNotNull(listenConnections, "listenConnections");
        return this;
    }

    /**
     * Makes the change feed. Not API for applications: tests plug a fake here. By default the feed is
     * {@code PgChangeFeed}: triggers, one LISTEN connection on its own thread, reconnects.
     */
    public DbTeleportBuilder changeFeedFactory(ChangeFeedFactory factory) {
        this.changeFeedFactory = checkNotNull(factory, "factory");
        return this;
    }

    /**
     * Builds the cache and starts its change feed.
     *
     * @throws IllegalStateException if neither or both of a DataSource and a JDBC URL are given, or
     *         the feed cannot start
     * @throws IllegalArgumentException if {@code maxBytes / maxEntries} exceeds 2 GiB
     */
    public DbTeleport build() {
        if ((dataSource == null) == (jdbcUrl == null)) {
            throw new IllegalStateException("give a DataSource or a JDBC URL (exactly one of them)");
        }
        return new DbTeleport(this);
    }
}
