package dev.dx.dbteleport.internal.notify;

import dev.dx.common.Checks;
import dev.dx.dbteleport.internal.ChangeFeed;
import dev.dx.dbteleport.internal.InvalidationSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChangeFeed} on PostgreSQL LISTEN/NOTIFY.
 *
 * <h2>Triggers: one notification per statement</h2>
 * {@link #watch} installs ({@link TriggerInstaller}, {@link TriggerSql}) AFTER INSERT, AFTER UPDATE and
 * AFTER DELETE triggers <em>for each statement</em>, with transition tables
 * ({@code REFERENCING OLD TABLE AS ... NEW TABLE AS ...}; one trigger per event, since a trigger with
 * transition tables may have only one), and an AFTER TRUNCATE trigger. The trigger function reads the
 * statement's old and new rows from the transition tables and notifies the distinct key values in one
 * payload. Row-level triggers would name the same keys but send one {@code pg_notify} per row: the
 * server folds duplicates only per transaction and the listener would parse one message per row, so a
 * 10,000-row UPDATE would cost 10,000 queue entries instead of one. A statement that changes no row
 * notifies nothing; TRUNCATE, more keys than fit ({@value TriggerSql#MAX_PAYLOAD_BYTES} bytes), and
 * tables watched only without a key column notify table-wide (a table also watched by key notifies
 * with keys: see {@link TriggerInstaller}). The payload's format, which carries the
 * trigger's {@code clock_timestamp()} for the lag estimate, is {@link NotificationPayload}'s. Needs
 * PostgreSQL 10 or later (transition tables); {@code watch} checks {@code server_version_num}. Not
 * covered: changes made directly to the child of a table-inheritance tree (its own triggers would be
 * needed), and {@code session_replication_role = replica} sessions, which fire no ordinary trigger.
 *
 * <p>What the sink receives: the table as {@code TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME}, the names
 * as stored (lowercase unless the table was created with a quoted mixed-case name), and each key as
 * {@code key::text} in the writing session. For integers, text and uuid that text is canonical; for
 * types whose text form follows session settings (timestamptz and TimeZone, float and
 * extra_float_digits, dates and DateStyle) the cache side must compare keys in the same form, or key
 * by a canonical column.
 *
 * <h2>Listening</h2>
 * One connection from {@link ChangeFeedConfig#listenConnections()}, owned by the feed, LISTENs on the
 * channel and on the feed's private sync channel {@code <channel>_sync_<instance id>}. A daemon thread,
 * {@code dx-dbteleport-listen}, waits on {@link PGConnection#getNotifications(int)} and hands each
 * notification to the sink in the order the server sent it. A payload that is not in the format (anyone
 * who can connect may NOTIFY the channel) is logged; if it got as far as naming a table, that table
 * counts as changed as a whole (a table-wide change is always safe), otherwise it is ignored, since
 * dropping the whole cache on garbage would let any client flush every instance at will. If the sink
 * throws, the feed logs it and tells the sink {@code everythingChanged}, since that change may be lost.
 *
 * <h2>Reconnecting</h2>
 * When the listening connection breaks (the backend is terminated, the server restarts, a health check
 * fails), the feed tells the sink {@code everythingChanged} at once, since notifications committed from
 * now on until the next LISTEN are lost, then reconnects with exponential backoff and jitter
 * ({@link Backoff}), LISTENs again and tells the sink {@code everythingChanged("reconnected")}.
 * {@link #isListening()} is false in between.
 *
 * <h2>The sync barrier</h2>
 * {@link #sync()} sends a token with {@code NOTIFY} on the private channel over a second connection
 * ({@link ChangeFeedConfig#syncConnections()}) and completes when the listening thread reads that token
 * back ({@link SyncBarrier}). This works because PostgreSQL keeps one notification queue in commit
 * order and a listener reads it in order. The NOTIFY reference page says "it is also guaranteed that
 * messages from different transactions are delivered in the order in which the transactions
 * committed"; the source,
 * {@code src/backend/commands/async.c}, adds that {@code PreCommit_Notify} puts a transaction's
 * notifications into the queue before the commit is recorded, holding a lock until after the commit,
 * which "ensures that queue entries appear in commit order", and that a listener reads "every
 * notification until we reach either a notification from an uncommitted transaction or the head
 * pointer's position". A transaction that committed before {@code sync()} was called therefore has its
 * notifications in the queue ahead of the token, and the listening thread hands them to the sink before
 * it sees the token. Concurrent calls share one token; a call made after a token was sent waits for the
 * next. If the listening connection breaks, pending syncs complete just after the sink was told
 * {@code everythingChanged} (which covers whatever they waited for); while the feed is reconnecting,
 * {@code sync()} fails at once, as it does after {@link #close()}.
 *
 * <p>Thread-safe. The sink is called only from the listening thread.
 */
public final class PgChangeFeed implements ChangeFeed {

    /** The name of the listening thread. */
    public static final String LISTEN_THREAD_NAME = "dx-dbteleport-listen";

    /** The name of the thread that sends sync tokens. */
    public static final String SYNC_THREAD_NAME = "dx-dbteleport-sync";

    /**
     * The name of the thread that completes {@link #sync()} futures: callbacks attached with the
     * non-async {@code CompletableFuture} methods run there, and should not block.
     */
    public static final String SYNC_DONE_THREAD_NAME = "dx-dbteleport-sync-done";

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final int HEALTH_CHECK_TIMEOUT_SECONDS = 5;

    private final String channel;
    private final String syncChannel;
    private final Callable<Connection> listenConnections;
    private final Callable<Connection> syncConnections;
    private final InvalidationSink sink;
    private final TriggerInstaller installer;
    private final Backoff backoff;
    private final int pollMillis;
    private final long healthCheckNanos;
    private final ExecutorService syncExecutor;
    private final ExecutorService syncDoneExecutor;
    private final SyncBarrier barrier;

    private volatile boolean listening;
    private volatile boolean closed;
    private Thread thread;
    private Connection syncConnection;

    /**
     * A feed that is not listening yet: {@link #watch} installs triggers, {@link #start()} listens.
     *
     * @param config read now; later changes to it do not reach the feed
     * @param sink told about every change; called only from the listening thread
     */
    public PgChangeFeed(ChangeFeedConfig config, InvalidationSink sink) {
        Checks.checkNotNull(config, "config");
        this.sink = Checks.checkNotNull(sink, "sink");
        this.listenConnections = Checks.checkNotNull(config.listenConnections(), "config.listenConnections");
        this.syncConnections = config.syncConnections();
        this.channel = config.channel();
        String instanceId = UUID.randomUUID().toString().replace("-", "");
        this.syncChannel = channel + "_sync_" + instanceId.substring(0, 8);
        this.installer = new TriggerInstaller(channel);
        this.backoff = new Backoff(config.initialBackoff().toNanos(), config.maxBackoff().toNanos(),
                config.jitter(), () -> ThreadLocalRandom.current().nextDouble());
        this.pollMillis = (int) config.pollInterval().toMillis();
        this.healthCheckNanos = config.healthCheckInterval().toNanos();
        this.syncExecutor = daemonExecutor(SYNC_THREAD_NAME);
        this.syncDoneExecutor = daemonExecutor(SYNC_DONE_THREAD_NAME);
        this.barrier = new SyncBarrier(syncExecutor, syncDoneExecutor, this::sendToken, instanceId + ":");
    }

    private static ExecutorService daemonExecutor(String threadName) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The channel the triggers notify. */
    public String channel() {
        return channel;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs in one transaction on {@code connection} and commits it (so a transaction the caller had
     * open on it is committed too); the autocommit setting is restored afterwards. Requires PostgreSQL
     * 10 or later, and the right to create functions in the table's schema and triggers on the table.
     */
    @Override
    public void watch(Connection connection, String table, String keyColumn) throws SQLException {
        Checks.checkNotNull(connection, "connection");
        installer.install(connection, table, keyColumn);
    }

    @Override
    public synchronized void start() throws SQLException {
        if (closed) {
            throw new IllegalStateException("change feed closed");
        }
        if (thread != null) {
            throw new IllegalStateException("change feed already started");
        }
        Connection connection = connectAndListen();
        listening = true;
        barrier.listening(true);
        thread = new Thread(() -> listen(connection), LISTEN_THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CompletableFuture<Void> sync() {
        return barrier.sync();
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        Thread listener;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listener = thread;
        }
        listening = false;
        if (listener != null) {
            listener.interrupt();
            joinQuietly(listener);
        }
        barrier.close();
        syncExecutor.execute(() -> {
            closeQuietly(syncConnection);
            syncConnection = null;
        });
        syncExecutor.shutdown();
        syncDoneExecutor.shutdown();
    }

    private void joinQuietly(Thread listener) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMillis)
                + TimeUnit.SECONDS.toNanos(HEALTH_CHECK_TIMEOUT_SECONDS);
        while (listener.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("{} did not stop in time; it will exit when its current call returns", LISTEN_THREAD_NAME);
                break;
            }
            try {
                listener.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The listening thread's loop: wait, dispatch, check health, reconnect. */
    private void listen(Connection first) {
        Connection connection = first;
        long lastCheck = System.nanoTime();
        try {
            while (!closed) {
                try {
                    PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(pollMillis);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n);
                        }
                    }
                    if (System.nanoTime() - lastCheck >= healthCheckNanos) {
                        if (!connection.isValid(HEALTH_CHECK_TIMEOUT_SECONDS)) {
                            throw new SQLException("the listening connection failed its health check", "08006");
                        }
                        lastCheck = System.nanoTime();
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    lost(connection, e);
                    connection = reconnect();
                    if (connection == null) {
                        break;
                    }
                    lastCheck = System.nanoTime();
                }
            }
        } finally {
            listening = false;
            closeQuietly(connection);
        }
    }

    private void lost(Connection connection, Exception cause) {
        listening = false;
        barrier.listening(false);
        closeQuietly(connection);
        LOG.warn("the change feed's listening connection broke; dropping everything and reconnecting", cause);
        tellSink(() -> sink.everythingChanged("listening connection lost: " + cause.getMessage()));
        barrier.connectionLost();
    }

    /** Reconnects with backoff; returns null if the feed was closed meanwhile. */
    private Connection reconnect() {
        backoff.reset();
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(backoff.nextDelayNanos());
            } catch (InterruptedException e) {
                if (closed) {
                    return null;
                }
                continue;
            }
            Connection connection;
            try {
                connection = connectAndListen();
            } catch (SQLException | RuntimeException e) {
                LOG.info("the change feed could not reconnect yet: {}", e.toString());
                continue;
            }
            if (closed) {
                closeQuietly(connection);
                return null;
            }
            LOG.info("the change feed reconnected and listens on {}", channel);
            tellSink(() -> sink.everythingChanged("reconnected"));
            listening = true;
            barrier.listening(true);
            return connection;
        }
        return null;
    }

    private Connection connectAndListen() throws SQLException {
        Connection connection = open(listenConnections);
        try {
            connection.unwrap(PGConnection.class);
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (Statement s = connection.createStatement()) {
                s.execute("LISTEN " + TriggerSql.identifier(channel));
                s.execute("LISTEN " + TriggerSql.identifier(syncChannel));
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static Connection open(Callable<Connection> source) throws SQLException {
        Connection connection;
        try {
            connection = source.call();
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("could not open a connection: " + e, "08001", e);
        }
        if (connection == null) {
            throw new SQLException("the connection source returned null", "08001");
        }
        return connection;
    }

    private void dispatch(PGNotification n) {
        String name = n.getName();
        if (syncChannel.equals(name)) {
            barrier.tokenArrived(n.getParameter());
            return;
        }
        if (!channel.equals(name)) {
            return;
        }
        FeedNotice notice;
        try {
            notice = NotificationPayload.parse(n.getParameter());
        } catch (MalformedPayloadException e) {
            if (e.table() == null) {
                LOG.warn("ignored a malformed notification on {} from backend {}: {}", channel, n.getPID(),
                        e.getMessage());
                return;
            }
            LOG.warn("a malformed notification on {} from backend {} names table {}; dropping that table: {}",
                    channel, n.getPID(), e.table(), e.getMessage());
            tellSink(() -> sink.tableChanged(e.table(), 0));
            return;
        }
        long lag = lagNanos(notice.triggerEpochMicros(), Instant.now());
        if (notice.isTableWide()) {
            tellSink(() -> sink.tableChanged(notice.table(), lag));
        } else {
            tellSink(() -> sink.keysChanged(notice.table(), notice.keys(), lag));
        }
    }

    /** Nanoseconds from {@code triggerEpochMicros} to {@code now}, saturated at the long range. */
    static long lagNanos(long triggerEpochMicros, Instant now) {
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long micros;
        try {
            micros = Math.subtractExact(nowMicros, triggerEpochMicros);
        } catch (ArithmeticException overflow) {
            return triggerEpochMicros < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        if (micros > Long.MAX_VALUE / 1_000) {
            return Long.MAX_VALUE;
        }
        if (micros < Long.MIN_VALUE / 1_000) {
            return Long.MIN_VALUE;
        }
        return micros * 1_000;
    }

    private void tellSink(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("the invalidation sink failed; telling it everything changed", e);
            try {
                sink.everythingChanged("the sink failed on a notification: " + e);
            } catch (RuntimeException again) {
                LOG.error("the invalidation sink failed on everythingChanged too", again);
            }
        }
    }

    /** Sends a sync token on the private channel (sync thread only). Retries once on a fresh connection. */
    private void sendToken(String token) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (syncConnection == null) {
                    syncConnection = open(syncConnections);
                    syncConnection.setAutoCommit(true);
                }
                try (PreparedStatement s = syncConnection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    s.setString(1, syncChannel);
                    s.setString(2, token);
                    s.execute();
                }
                return;
            } catch (SQLException e) {
                closeQuietly(syncConnection);
                syncConnection = null;
                if (attempt > 0 || closed) {
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
