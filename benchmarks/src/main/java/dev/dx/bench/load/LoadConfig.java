package dev.dx.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

/** What a {@link LoadGenerator} run does. Final, with fluent validating setters. */
public final class LoadConfig {

    /** Client transport. */
    public enum Transport {
        NIO, EPOLL, IO_URING;

        /** The transport named {@code name}, case-insensitively: nio, epoll, io_uring (or iouring). */
        public static Transport of(String name) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "nio": return NIO;
                case "epoll": return EPOLL;
                case "io_uring":
                case "iouring": return IO_URING;
                default: throw new IllegalArgumentException("unknown transport " + name + " (nio, epoll, io_uring)");
            }
        }
    }

    private InetSocketAddress target = new InetSocketAddress("127.0.0.1", 7007);
    private int connections = 64;
    private int pipelineDepth = 1;
    private int threads = 1;
    private Duration warmup = Duration.ofSeconds(30);
    private Duration duration = Duration.ofSeconds(30);
    private Transport transport = Transport.EPOLL;
    private boolean tls;
    private boolean tlsChaCha20;
    private MeasurementWindow window = MeasurementWindow.NONE;

    public InetSocketAddress target() {
        return target;
    }

    public LoadConfig target(InetSocketAddress target) {
        this.target = checkNotNull(target, "target");
        return this;
    }

    public int connections() {
        return connections;
    }

    public LoadConfig connections(int connections) {
        this.connections = checkInRange(connections, 1, 1_000_000, "connections");
        return this;
    }

    /** Requests in flight per connection. */
    public int pipelineDepth() {
        return pipelineDepth;
    }

    public LoadConfig pipelineDepth(int depth) {
        this.pipelineDepth = checkInRange(depth, 1, 65536, "pipelineDepth");
        return this;
    }

    /** Client event loop threads. */
    public int threads() {
        return threads;
    }

    public LoadConfig threads(int threads) {
        this.threads = checkInRange(threads, 1, 1024, "threads");
        return this;
    }

    public Duration warmup() {
        return warmup;
    }

    public LoadConfig warmup(Duration warmup) {
        checkNotNull(warmup, "warmup");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup : " + warmup + " (expected: >= 0)");
        }
        this.warmup = warmup;
        return this;
    }

    public Duration duration() {
        return duration;
    }

    public LoadConfig duration(Duration duration) {
        checkNotNull(duration, "duration");
        checkPositive(duration.toMillis(), "duration");
        this.duration = duration;
        return this;
    }

    /** Whether each connection speaks TLS 1.3 ({@link TlsContexts#client()}) under the protocol. */
    public boolean tls() {
        return tls;
    }

    /** Sets {@link #tls()}. */
    public LoadConfig tls(boolean tls) {
        this.tls = tls;
        return this;
    }

    /**
     * Whether the TLS client offers only ChaCha20-Poly1305 ({@link TlsContexts#clientChaCha20()}) instead
     * of BoringSSL's suites, which negotiate AES-128-GCM on this machine. Off by default.
     */
    public boolean tlsChaCha20() {
        return tlsChaCha20;
    }

    /** Sets {@link #tlsChaCha20()}. */
    public LoadConfig tlsChaCha20(boolean tlsChaCha20) {
        this.tlsChaCha20 = tlsChaCha20;
        return this;
    }

    /** Told when the measured window opens and closes; {@link MeasurementWindow#NONE} by default. */
    public MeasurementWindow window() {
        return window;
    }

    /** Sets {@link #window()}. */
    public LoadConfig window(MeasurementWindow window) {
        this.window = checkNotNull(window, "window");
        return this;
    }

    /** The client's transport. */
    public Transport transport() {
        return transport;
    }

    public LoadConfig transport(Transport transport) {
        this.transport = checkNotNull(transport, "transport");
        return this;
    }

    @Override
    public String toString() {
        return "target=" + target + " connections=" + connections + " depth=" + pipelineDepth
                + " threads=" + threads + " warmup=" + warmup.toSeconds() + "s duration="
                + duration.toSeconds() + "s transport=" + transport;
    }
}
