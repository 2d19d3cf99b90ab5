package dev.dx.cim.builtin;

/**
 * A token bucket touched by one thread only (a core's): {@code capacity} tokens, refilled continuously
 * at {@code capacity} per {@code periodNanos}. No locks, no atomics.
 */
final class TokenBucket {

    private final long capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(long capacity, long periodNanos, long nowNanos) {
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / periodNanos;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one; refills first. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whole tokens left (after the last take). */
    long remaining() {
        return (long) tokens;
    }

    /** Nanoseconds until one token is available, 0 if one is. */
    long nanosUntilToken() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** Whether the bucket is full, so that it equals a new one and may be forgotten. */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastNanos = nowNanos;
        }
    }
}
