package dev.dx.cim.builtin;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.Exchange;
import dev.dx.cim.ExchangeKey;
import dev.dx.cim.Middleware;
import dev.dx.reactor.CoreLocal;
import dev.dx.reactor.DxReactor;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Measures each request from its before-hook to its answer, and reports it twice: as an answer header
 * {@code X-Response-Time} in milliseconds with three decimals ({@code "0.412"}), which is answer metadata
 * {@code x-response-time} over HBTP, and in a per-core HdrHistogram ({@link #summary()}).
 *
 * <p>Put it first in a chain, so that it times everything after it. The histogram of the core that took
 * the request records it, even when an asynchronous handler answers from another thread: each core's
 * {@link Recorder} takes values from any thread without locks.
 */
public final class TimingMiddleware implements Middleware<Exchange> {

    /** The header (HTTP) or metadata key (HBTP) carrying the time. */
    public static final String HEADER = "X-Response-Time";

    /** When the request's before-hook ran, and the recorder of the core that took it. */
    static final ExchangeKey<Start> START = ExchangeKey.of("timing.start", Start.class);

    /** When the request started, and whose histogram records it. */
    record Start(long nanos, Recorder recorder) {
    }

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final CoreLocal<Recorder> recorders;
    private final Recorder offCore;
    private final Histogram total = new Histogram(HIGHEST_NANOS, 3);

    /** Timing with one histogram per core of {@code reactor}. */
    public TimingMiddleware(DxReactor reactor) {
        this.recorders = checkNotNull(reactor, "reactor").coreLocal(core -> new Recorder(HIGHEST_NANOS, 3));
        this.offCore = new Recorder(HIGHEST_NANOS, 3);
    }

    @Override
    public boolean before(Exchange exchange) {
        exchange.set(START, new Start(System.nanoTime(), recorder()));
        return CONTINUE;
    }

    @Override
    public void after(Exchange exchange) {
        Start start = exchange.get(START);
        if (start == null) {
            return;
        }
        long elapsed = Math.max(0, System.nanoTime() - start.nanos());
        start.recorder().recordValue(Math.min(elapsed, HIGHEST_NANOS));
        exchange.answerHeader(HEADER, millis(elapsed));
    }

    /** {@code nanos} as milliseconds with three decimals. */
    static String millis(long nanos) {
        long micros = nanos / 1_000;
        return String.format(Locale.ROOT, "%d.%03d", micros / 1_000, micros % 1_000);
    }

    /** The recorder of the calling core, or the shared one off the reactor's cores (tests, other loops). */
    private Recorder recorder() {
        return DxReactor.currentCore() == null ? offCore : recordersOrShared();
    }

    private Recorder recordersOrShared() {
        try {
            return recorders.get();
        } catch (IllegalStateException notOurCore) {
            return offCore;
        }
    }

    /**
     * Everything recorded since the middleware was created, all cores together: count and percentiles
     * in microseconds. Safe from any thread.
     */
    public synchronized Summary summary() {
        for (Recorder r : recorders.values()) {
            total.add(r.getIntervalHistogram());
        }
        total.add(offCore.getIntervalHistogram());
        return new Summary(total.getTotalCount(), micros(total.getValueAtPercentile(50)),
                micros(total.getValueAtPercentile(90)), micros(total.getValueAtPercentile(99)),
                micros(total.getValueAtPercentile(99.9)), micros(total.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    /** Response times in microseconds. */
    public record Summary(long count, double p50, double p90, double p99, double p999, double max) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests, p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs",
                    count, p50, p90, p99, p999, max);
        }
    }
}
