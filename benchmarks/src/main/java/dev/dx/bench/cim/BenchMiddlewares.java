package dev.dx.bench.cim;

import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import org.HdrHistogram.Histogram;

/**
 * The four middlewares of the chain benchmark, as {@link Middleware}s: timing, CORS, rate limit and a
 * header check. Each does the same work as its pipeline-handler twin in {@link BenchHandlers} and as
 * its lines in {@link HandInlined}, and none allocates, so the variants differ only in how the steps
 * are called.
 */
final class BenchMiddlewares {

    private BenchMiddlewares() {
    }

    static final String ALLOWED_A = "https://app.example.com";
    static final String ALLOWED_B = "https://admin.example.com";
    static final String TOKEN = "Bearer 7f3c9a";

    /** Whether {@code origin} is one of the two allowed: a switch, as the processor emits. */
    static boolean allowed(String origin) {
        switch (origin) {
            case ALLOWED_A:
            case ALLOWED_B:
                return true;
            default:
                return false;
        }
    }

    /** Records the time from before to after in a histogram. */
    public static final class Timing implements Middleware<BenchExchange> {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 2);

        @Override
        public boolean before(BenchExchange x) {
            x.startNanos = System.nanoTime();
            return CONTINUE;
        }

        @Override
        public void after(BenchExchange x) {
            histogram.recordValue(Math.max(0, System.nanoTime() - x.startNanos));
        }
    }

    /** Adds Access-Control-Allow-Origin and Vary for an allowed origin. */
    public static final class Cors implements Middleware<BenchExchange> {
        @Override
        public boolean before(BenchExchange x) {
            String origin = x.origin;
            if (origin != null && allowed(origin)) {
                x.allowedOrigin = origin;
            }
            return CONTINUE;
        }

        @Override
        public void after(BenchExchange x) {
            if (x.allowedOrigin != null) {
                x.answerHeader("access-control-allow-origin", x.allowedOrigin);
                x.answerHeader("vary", "Origin");
            }
        }
    }

    /** A token bucket that refills faster than the benchmark can drain it. */
    public static final class RateLimit implements Middleware<BenchExchange> {
        final Bucket bucket = new Bucket();

        @Override
        public boolean before(BenchExchange x) {
            if (bucket.tryTake(System.nanoTime())) {
                return CONTINUE;
            }
            x.reject(Rejection.RATE_LIMITED, "rate limited");
            return STOP;
        }
    }

    /** Rejects requests without the expected token. */
    public static final class HeaderCheck implements Middleware<BenchExchange> {
        @Override
        public boolean before(BenchExchange x) {
            if (TOKEN.equals(x.token)) {
                return CONTINUE;
            }
            x.reject(Rejection.UNAUTHORIZED, "unauthorized");
            return STOP;
        }
    }

    /** One token per nanosecond, a million at most: never empty in a benchmark, but computed every time. */
    static final class Bucket {
        private static final double PER_NANO = 1;
        private static final double CAPACITY = 1_000_000;
        private double tokens = CAPACITY;
        private long last = System.nanoTime();

        boolean tryTake(long now) {
            tokens = Math.min(CAPACITY, tokens + (now - last) * PER_NANO);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
