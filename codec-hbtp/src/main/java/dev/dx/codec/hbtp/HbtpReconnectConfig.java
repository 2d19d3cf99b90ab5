package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Settings of an {@link HbtpReconnectingClient}: the server addresses it goes round, how it backs off
 * between failed connection attempts, the settings of each connection, how many calls may wait for a
 * connection and whether calls a draining server refused are sent again. Final, with fluent setters that
 * validate their argument and return {@code this}; the client takes a snapshot when it starts, so later
 * edits never reach it.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #addresses(SocketAddress...)}</td><td>none (required)</td><td>the servers, tried in
 *       round-robin order</td></tr>
 *   <tr><td>{@link #initialBackoffMillis(long)}</td><td>100</td><td>the wait before the first attempt
 *       after a lost connection or a failed attempt</td></tr>
 *   <tr><td>{@link #maxBackoffMillis(long)}</td><td>10,000</td><td>the longest wait between attempts
 *       (before jitter); at least the initial backoff</td></tr>
 *   <tr><td>{@link #backoffMultiplier(double)}</td><td>2.0</td><td>each further failed attempt in a row
 *       multiplies the wait by this, up to the maximum; at least 1</td></tr>
 *   <tr><td>{@link #jitter(double)}</td><td>0.2</td><td>each wait is spread uniformly over
 *       {@code ±jitter} of itself (0 to 1), so clients that lost one server do not return together</td></tr>
 *   <tr><td>{@link #clientConfig(HbtpClientConfig)}</td><td>{@code new HbtpClientConfig()}</td><td>the
 *       settings of every connection: codec, handshake, default call timeout, peer version</td></tr>
 *   <tr><td>{@link #maxWaitingCalls(int)}</td><td>1024</td><td>calls that may wait for a connection;
 *       more fail at once with {@code RESOURCE_EXHAUSTED}</td></tr>
 *   <tr><td>{@link #resendRefusedCalls(boolean)}</td><td>false</td><td>send a call again on the next
 *       connection when a server that sent GoAway answers it {@code SHUTTING_DOWN}: for idempotent routes
 *       only, since such a call may have run</td></tr>
 * </table>
 */
public final class HbtpReconnectConfig {

    private List<SocketAddress> addresses = List.of();
    private long initialBackoffMillis = 100;
    private long maxBackoffMillis = 10_000;
    private double backoffMultiplier = 2.0;
    private double jitter = 0.2;
    private HbtpClientConfig clientConfig = new HbtpClientConfig();
    private int maxWaitingCalls = 1024;
    private boolean resendRefusedCalls;

    /** Sets the server addresses (at least one), tried in this order and round robin after that. */
    public HbtpReconnectConfig addresses(SocketAddress... addresses) {
        return addresses(Arrays.asList(checkNotNull(addresses, "addresses")));
    }

    /** Sets the server addresses (at least one, copied), tried in this order and round robin after that. */
    public HbtpReconnectConfig addresses(List<? extends SocketAddress> addresses) {
        checkNotNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses : [] (expected: at least one address)");
        }
        List<SocketAddress> copy = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            copy.add(checkNotNull(addresses.get(i), "addresses[" + i + "]"));
        }
        this.addresses = Collections.unmodifiableList(copy);
        return this;
    }

    /** The server addresses, in the order they are tried. */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /** Sets the wait before the first attempt after a lost connection or a failed attempt (> 0). */
    public HbtpReconnectConfig initialBackoffMillis(long initialBackoffMillis) {
        this.initialBackoffMillis = checkPositive(initialBackoffMillis, "initialBackoffMillis");
        return this;
    }

    /** The wait before the first attempt after a lost connection or a failed attempt. */
    public long initialBackoffMillis() {
        return initialBackoffMillis;
    }

    /** Sets the longest wait between attempts before jitter (> 0, and at least the initial backoff). */
    public HbtpReconnectConfig maxBackoffMillis(long maxBackoffMillis) {
        this.maxBackoffMillis = checkPositive(maxBackoffMillis, "maxBackoffMillis");
        return this;
    }

    /** The longest wait between attempts, before jitter. */
    public long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    /** Sets the factor by which each further failed attempt in a row lengthens the wait (finite, >= 1). */
    public HbtpReconnectConfig backoffMultiplier(double backoffMultiplier) {
        if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
            throw new IllegalArgumentException("backoffMultiplier : " + backoffMultiplier + " (expected: >= 1, finite)");
        }
        this.backoffMultiplier = backoffMultiplier;
        return this;
    }

    /** The factor by which each further failed attempt in a row lengthens the wait. */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /**
     * Sets the jitter, 0 to 1: each wait is drawn uniformly from {@code [w·(1−jitter), w·(1+jitter)]}.
     * 0 makes the waits exact.
     */
    public HbtpReconnectConfig jitter(double jitter) {
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter : " + jitter + " (expected: 0-1)");
        }
        this.jitter = jitter;
        return this;
    }

    /** The jitter, 0 to 1. */
    public double jitter() {
        return jitter;
    }

    /** Sets the settings of every connection (copied). Its call timeout is the default of every call. */
    public HbtpReconnectConfig clientConfig(HbtpClientConfig clientConfig) {
        this.clientConfig = copy(checkNotNull(clientConfig, "clientConfig"));
        return this;
    }

    /** A copy of the settings of every connection. */
    public HbtpClientConfig clientConfig() {
        return copy(clientConfig);
    }

    /** Sets how many calls may wait for a connection (> 0); more fail at once with RESOURCE_EXHAUSTED. */
    public HbtpReconnectConfig maxWaitingCalls(int maxWaitingCalls) {
        this.maxWaitingCalls = checkPositive(maxWaitingCalls, "maxWaitingCalls");
        return this;
    }

    /** How many calls may wait for a connection. */
    public int maxWaitingCalls() {
        return maxWaitingCalls;
    }

    /**
     * Sets whether a call that a server answers {@code SHUTTING_DOWN} after its GoAway is sent again on the
     * next connection (default false). §11.4 gives that answer both to calls that reached the server after
     * its GoAway, which it never started, and to calls its grace period cut short, which it may have
     * started; GoAway does not say which. So turn it on only when every route called through this client
     * is idempotent; otherwise such calls fail with {@code SHUTTING_DOWN} and the caller decides.
     */
    public HbtpReconnectConfig resendRefusedCalls(boolean resendRefusedCalls) {
        this.resendRefusedCalls = resendRefusedCalls;
        return this;
    }

    /** Whether calls answered {@code SHUTTING_DOWN} after a GoAway are sent again on the next connection. */
    public boolean resendRefusedCalls() {
        return resendRefusedCalls;
    }

    /**
     * Checks the settings together (addresses given, maximum backoff at least the initial one) and returns
     * an independent copy, as the client does when it starts.
     *
     * @throws IllegalArgumentException when they do not fit together
     */
    public HbtpReconnectConfig verifyAndSnapshot() {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses : [] (expected: at least one address)");
        }
        if (maxBackoffMillis < initialBackoffMillis) {
            throw new IllegalArgumentException("maxBackoffMillis : " + maxBackoffMillis + " (expected: >= initialBackoffMillis "
                    + initialBackoffMillis + ")");
        }
        HbtpReconnectConfig c = new HbtpReconnectConfig();
        c.addresses = addresses;
        c.initialBackoffMillis = initialBackoffMillis;
        c.maxBackoffMillis = maxBackoffMillis;
        c.backoffMultiplier = backoffMultiplier;
        c.jitter = jitter;
        c.clientConfig = copy(clientConfig);
        c.maxWaitingCalls = maxWaitingCalls;
        c.resendRefusedCalls = resendRefusedCalls;
        return c;
    }

    /**
     * The wait before the next attempt after {@code failures} failed attempts in a row (0 after a lost
     * connection): {@code min(max, initial · multiplier^failures)} spread by the jitter, where
     * {@code random} is uniform in [0, 1). At least 1 ms.
     */
    long backoffMillis(int failures, double random) {
        double base = initialBackoffMillis * Math.pow(backoffMultiplier, Math.max(0, failures));
        base = Math.min(base, maxBackoffMillis); // also tames an infinite power
        double spread = base * (1.0 + jitter * (2.0 * random - 1.0));
        return Math.max(1L, Math.round(spread));
    }

    private static HbtpClientConfig copy(HbtpClientConfig c) {
        return new HbtpClientConfig()
                .codec(c.codec())
                .handshake(c.handshake())
                .callTimeoutMillis(c.callTimeoutMillis())
                .peerVersion(c.peerVersion());
    }

    @Override
    public String toString() {
        return "HbtpReconnectConfig(addresses=" + addresses + ", backoff=" + initialBackoffMillis + ".." + maxBackoffMillis
                + " ms ×" + backoffMultiplier + " ±" + jitter + ", maxWaitingCalls=" + maxWaitingCalls
                + ", resendRefusedCalls=" + resendRefusedCalls + ")";
    }
}
