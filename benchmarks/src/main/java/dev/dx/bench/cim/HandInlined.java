package dev.dx.bench.cim;

import static dev.dx.bench.cim.BenchMiddlewares.TOKEN;
import static dev.dx.bench.cim.BenchMiddlewares.allowed;

import org.HdrHistogram.Histogram;

/**
 * The four steps written by hand into one method, with nothing to call: the floor the generated chain
 * is measured against.
 */
final class HandInlined {

    final Histogram histogram = new Histogram(3_600_000_000_000L, 2);
    private final BenchMiddlewares.Bucket bucket = new BenchMiddlewares.Bucket();

    /** Handles {@code x}: the befores, the application's 200, the afters in reverse, then the write. */
    void handle(BenchExchange x) {
        x.startNanos = System.nanoTime();
        String origin = x.origin;
        if (origin != null && allowed(origin)) {
            x.allowedOrigin = origin;
        }
        if (!bucket.tryTake(System.nanoTime())) {
            x.status(429);
        } else if (!TOKEN.equals(x.token)) {
            x.status(401);
        } else {
            x.status(200);
        }
        if (x.allowedOrigin != null) {
            x.answerHeader("access-control-allow-origin", x.allowedOrigin);
            x.answerHeader("vary", "Origin");
        }
        histogram.recordValue(Math.max(0, System.nanoTime() - x.startNanos));
        if (x.ctx != null) {
            x.ctx.write(x, x.ctx.voidPromise());
        }
    }
}
