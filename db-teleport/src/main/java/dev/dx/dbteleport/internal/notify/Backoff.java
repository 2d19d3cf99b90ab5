package dev.dx.dbteleport.internal.notify;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for the reconnect loop: the n-th delay (from 0) is
 * {@code min(max, initial * 2^n)}, shortened by a random fraction of at most {@code jitter} of
 * itself, so instances that lost the database together do not reconnect in lockstep. Not thread-safe:
 * only the listening thread uses it.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param random values in {@code [0, 1)}
     */
    Backoff(long initialNanos, long maxNanos, double jitter, DoubleSupplier random) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the base until it reaches the maximum. */
    long nextDelayNanos() {
        long base = Math.min(initialNanos, maxNanos);
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        if (base < maxNanos) {
            attempt++;
        }
        return base - (long) (base * jitter * random.getAsDouble());
    }

    /** Starts over from the initial delay (after a successful connection). */
    void reset() {
        attempt = 0;
    }
}
