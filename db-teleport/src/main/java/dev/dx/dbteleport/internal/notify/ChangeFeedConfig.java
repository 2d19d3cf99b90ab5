package dev.dx.dbteleport.internal.notify;

import static dev.dx.common.Checks.checkNotNull;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Options of a {@link PgChangeFeed}. Final, with fluent setters that validate their argument; the feed
 * copies the values when it is created, so later edits do not reach it.
 *
 * <p>Only {@link #listenConnections} is required.
 */
public final class ChangeFeedConfig {

    /** Channel names: lowercase identifiers short enough to take the private sync suffix. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,48}");

    private String channel = "dx_teleport";
    private Callable<Connection> listenConnections;
    private Callable<Connection> syncConnections;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double jitter = 0.2;
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration healthCheckInterval = Duration.ofSeconds(5);

    /**
     * The notification channel every instance that shares the database listens on (default
     * {@code dx_teleport}): a lowercase identifier of at most 49 characters, {@code [a-z_][a-z0-9_]*}.
     * The feed also listens on {@code <channel>_sync_<8 hex digits>} for its {@code sync()} tokens.
     */
    public ChangeFeedConfig channel(String channel) {
        checkNotNull(channel, "channel");
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel : " + channel
                    + " (expected: a lowercase identifier [a-z_][a-z0-9_]*, at most 49 characters)");
        }
        this.channel = channel;
        return this;
    }

    /** See {@link #channel(String)}. */
    public String channel() {
        return channel;
    }

    /**
     * Where the listening connection comes from. Each call must open a new physical connection to
     * PostgreSQL through pgjdbc (for example {@code () -> DriverManager.getConnection(url, props)}) that
     * the feed owns and closes: not a connection borrowed from a pool, which the pool could recycle or
     * hand out to others while it LISTENs, and not through PgBouncer in transaction mode, where LISTEN
     * does not work. It must unwrap to {@code org.postgresql.PGConnection}.
     */
    public ChangeFeedConfig listenConnections(Callable<Connection> listenConnections) {
        this.listenConnections = checkNotNull(listenConnections, "listenConnections");
        return this;
    }

    /** See {@link #listenConnections(Callable)}. */
    public Callable<Connection> listenConnections() {
        return listenConnections;
    }

    /**
     * Where the connection that sends {@code sync()} tokens comes from (default: the same as
     * {@link #listenConnections}). The feed holds one such connection, opening another when it fails;
     * a pooled connection is fine here ({@code dataSource::getConnection}). The feed sets it to
     * autocommit.
     */
    public ChangeFeedConfig syncConnections(Callable<Connection> syncConnections) {
        this.syncConnections = checkNotNull(syncConnections, "syncConnections");
        return this;
    }

    /** See {@link #syncConnections(Callable)}; {@link #listenConnections()} when not set. */
    public Callable<Connection> syncConnections() {
        return syncConnections != null ? syncConnections : listenConnections;
    }

    /** The first delay before reconnecting (default 100 ms); each failed attempt doubles it. */
    public ChangeFeedConfig initialBackoff(Duration initialBackoff) {
        this.initialBackoff = checkPositiveDuration(initialBackoff, "initialBackoff");
        return this;
    }

    /** See {@link #initialBackoff(Duration)}. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest delay between reconnect attempts (default 10 s). */
    public ChangeFeedConfig maxBackoff(Duration maxBackoff) {
        this.maxBackoff = checkPositiveDuration(maxBackoff, "maxBackoff");
        return this;
    }

    /** See {@link #maxBackoff(Duration)}. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The largest fraction by which a random draw shortens each backoff delay (default 0.2), so that
     * instances do not reconnect in lockstep; 0 turns it off.
     */
    public ChangeFeedConfig jitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter : " + jitter + " (expected: 0 <= jitter <= 1)");
        }
        this.jitter = jitter;
        return this;
    }

    /** See {@link #jitter(double)}. */
    public double jitter() {
        return jitter;
    }

    /**
     * How long one wait for notifications lasts (default 250 ms). It bounds how long {@code close()}
     * waits for the listening thread; notifications are handed over as soon as they arrive whatever
     * this is.
     */
    public ChangeFeedConfig pollInterval(Duration pollInterval) {
        this.pollInterval = checkPositiveDuration(pollInterval, "pollInterval");
        if (pollInterval.toMillis() < 1 || pollInterval.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pollInterval : " + pollInterval + " (expected: 1 ms to 24 days)");
        }
        return this;
    }

    /** See {@link #pollInterval(Duration)}. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * How often an idle listening connection is checked with a round trip (default 5 s), so that a
     * connection that died silently (no FIN, for example behind a dropped network path) is noticed.
     */
    public ChangeFeedConfig healthCheckInterval(Duration healthCheckInterval) {
        this.healthCheckInterval = checkPositiveDuration(healthCheckInterval, "healthCheckInterval");
        return this;
    }

    /** See {@link #healthCheckInterval(Duration)}. */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    private static Duration checkPositiveDuration(Duration d, String name) {
        checkNotNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " : " + d + " (expected: > 0)");
        }
        return d;
    }
}
