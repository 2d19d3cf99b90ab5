package dev.dx.bench.load;

import org.HdrHistogram.Histogram;

/** The measured part of a {@link LoadGenerator} run: throughput and latency percentiles. */
public final class LoadResult {

    private final long responses;
    private final double seconds;
    private final Histogram latencyNanos;
    private final long errors;

    public LoadResult(long responses, double seconds, Histogram latencyNanos, long errors) {
        this.responses = responses;
        this.seconds = seconds;
        this.latencyNanos = latencyNanos;
        this.errors = errors;
    }

    public long responses() {
        return responses;
    }

    public double seconds() {
        return seconds;
    }

    public double messagesPerSecond() {
        return responses / seconds;
    }

    /** Latency at {@code percentile} (0..100) in microseconds. */
    public double latencyMicros(double percentile) {
        return latencyNanos.getValueAtPercentile(percentile) / 1000.0;
    }

    public Histogram latencyNanos() {
        return latencyNanos;
    }

    /** Connections that failed or closed during the run. */
    public long errors() {
        return errors;
    }

    @Override
    public String toString() {
        return String.format("msgs/s=%.0f responses=%d seconds=%.1f p50=%.1fus p90=%.1fus p99=%.1fus "
                        + "p99.9=%.1fus max=%.1fus errors=%d",
                messagesPerSecond(), responses, seconds, latencyMicros(50), latencyMicros(90),
                latencyMicros(99), latencyMicros(99.9), latencyNanos.getMaxValue() / 1000.0, errors);
    }
}
