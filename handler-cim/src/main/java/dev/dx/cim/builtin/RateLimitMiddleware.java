package dev.dx.cim.builtin;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.cim.Exchange;
import dev.dx.cim.ExchangeKey;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import dev.dx.reactor.CoreLocal;
import dev.dx.reactor.DxReactor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Function;

/**
 * Token-bucket rate limiting with one bucket table per core of a {@link DxReactor}
 * ({@link CoreLocal}): no lock or atomic on the hot path.
 *
 * <h2>Limits and the per-core split</h2>
 * The limit is {@code permits} per {@code period} for each key. It is split among the reactor's cores:
 * core <i>i</i> gets {@code permits / cores}, and the first {@code permits % cores} cores one more, so
 * the shares add up to exactly {@code permits}. Each core's bucket holds its share and refills it over
 * the period. Across all cores a key is therefore never accepted more than {@code permits} times in a
 * burst, plus the refill ({@code permits} per period) — but a key whose connections all land on one core
 * gets only that core's share. Keep {@code permits} well above the core count.
 *
 * <h2>Keys</h2>
 * The client's IP address ({@link #clientAddress()}, the default), one bucket for everything
 * ({@link #global()}), or any function of the exchange, such as the JWT subject an earlier
 * authentication middleware stored ({@link #attribute}).
 *
 * <h2>Answers</h2>
 * Over the limit: HTTP 429 with {@code Retry-After} (whole seconds, at least 1), {@code X-RateLimit-Limit}
 * and {@code X-RateLimit-Remaining: 0}; over HBTP, RpcError RATE_LIMITED with the same as metadata.
 * Accepted answers carry {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining} (of the core's
 * bucket), added by the after-hook from what {@link #before} saw: an after-hook that runs on another
 * thread (an asynchronous handler) reads the decision stored in the exchange ({@link #DECISION}), never
 * the other core's buckets.
 *
 * <p>Must run on the reactor's threads (the event loops of the connections it serves); elsewhere
 * {@link #before} throws, which answers HANDLER_FAILED.
 */
public final class RateLimitMiddleware implements Middleware<Exchange> {

    /** What {@link #before} decided for an accepted request: the core, its share and what was left. */
    public record Decision(int coreId, long share, long remaining) {
    }

    /** The decision of an accepted request, for the after-hook and the handler. */
    public static final ExchangeKey<Decision> DECISION = ExchangeKey.of("rateLimit.decision", Decision.class);

    private static final Object GLOBAL_KEY = new Object();

    private final CoreLocal<CoreBuckets> buckets;
    private final Function<Exchange, Object> key;
    private final String limitHeader;

    /**
     * {@code permits} per {@code period} per client address on {@code reactor}'s cores; the
     * {@linkplain #builder builder} sets the key and the key bound.
     */
    public RateLimitMiddleware(DxReactor reactor, long permits, Duration period) {
        this(new Builder(reactor, permits, period));
    }

    private RateLimitMiddleware(Builder b) {
        this.key = b.key;
        this.limitHeader = Long.toString(b.permits);
        long periodNanos = b.period.toNanos();
        int cores = b.reactor.workers();
        long base = b.permits / cores;
        long extra = b.permits % cores;
        this.buckets = b.reactor.coreLocal(core -> new CoreBuckets(core.id(),
                base + (core.id() < extra ? 1 : 0), periodNanos, b.maxKeys));
    }

    /** A builder for {@code permits} per {@code period} per key on {@code reactor}'s cores. */
    public static Builder builder(DxReactor reactor, long permits, Duration period) {
        return new Builder(reactor, permits, period);
    }

    /** Keys by the client's IP address (the port is ignored); the default. */
    public static Function<Exchange, Object> clientAddress() {
        return exchange -> {
            SocketAddress a = exchange.remoteAddress();
            return a instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress() : a;
        };
    }

    /** One bucket for every request: a server-wide limit. */
    public static Function<Exchange, Object> global() {
        return exchange -> GLOBAL_KEY;
    }

    /**
     * Keys by the attribute {@code attribute} mapped through {@code toKey} (for example the JWT
     * subject), falling back to the client address when the attribute is absent.
     */
    public static <T> Function<Exchange, Object> attribute(ExchangeKey<T> attribute, Function<? super T, Object> toKey) {
        checkNotNull(attribute, "attribute");
        checkNotNull(toKey, "toKey");
        Function<Exchange, Object> fallback = clientAddress();
        return exchange -> {
            T value = exchange.get(attribute);
            Object k = value == null ? null : toKey.apply(value);
            return k == null ? fallback.apply(exchange) : k;
        };
    }

    @Override
    public boolean before(Exchange exchange) {
        CoreBuckets table = buckets.get(); // throws, naming the thread, off the reactor's cores
        long now = System.nanoTime();
        TokenBucket bucket = table.bucket(key.apply(exchange), now);
        if (bucket.tryTake(now)) {
            exchange.set(DECISION, new Decision(table.coreId, table.share(), bucket.remaining()));
            return CONTINUE;
        }
        long retryAfterSeconds = Math.max(1, (bucket.nanosUntilToken() + 999_999_999L) / 1_000_000_000L);
        exchange.answerHeader("Retry-After", Long.toString(retryAfterSeconds));
        exchange.answerHeader("X-RateLimit-Limit", limitHeader);
        exchange.answerHeader("X-RateLimit-Remaining", "0");
        exchange.reject(Rejection.RATE_LIMITED, "rate limited");
        return STOP;
    }

    @Override
    public void after(Exchange exchange) {
        Decision d = exchange.get(DECISION);
        if (d != null) {
            exchange.answerHeader("X-RateLimit-Limit", limitHeader);
            exchange.answerHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        }
    }

    /** The number of keys with a bucket on core {@code coreId}, for metrics; read it on that core. */
    public int keys(int coreId) {
        return buckets.get(coreId).keys();
    }

    /** Collects a {@link RateLimitMiddleware}. */
    public static final class Builder {
        private final DxReactor reactor;
        private final long permits;
        private final Duration period;
        private Function<Exchange, Object> key = clientAddress();
        private int maxKeys = 65_536;

        private Builder(DxReactor reactor, long permits, Duration period) {
            this.reactor = checkNotNull(reactor, "reactor");
            this.permits = checkPositive(permits, "permits");
            this.period = checkNotNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period : " + period + " (expected: > 0)");
            }
            if (permits < reactor.workers()) {
                throw new IllegalArgumentException("permits : " + permits + " (expected: >= the reactor's "
                        + reactor.workers() + " cores, each of which gets a share)");
            }
        }

        /** What a bucket belongs to; {@link #clientAddress()} by default. */
        public Builder key(Function<Exchange, Object> key) {
            this.key = checkNotNull(key, "key");
            return this;
        }

        /** The most keys one core keeps a bucket for (65,536 by default); see {@code CoreBuckets}. */
        public Builder maxKeys(int maxKeys) {
            this.maxKeys = checkPositive(maxKeys, "maxKeys");
            return this;
        }

        /** Builds the middleware. */
        public RateLimitMiddleware build() {
            return new RateLimitMiddleware(this);
        }
    }
}
