package dev.dx.reactor;

import dev.dx.reactor.internal.Pinning;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;
import static dev.dx.common.Checks.checkPowerOfTwo;

/**
 * Configures a {@link DxReactor}. Every setter validates its argument (the message names the setting
 * and the rejected value, for example {@code workers : 0 (expected: > 0)}) and returns {@code this};
 * {@link #build()} takes a snapshot, so later edits do not reach a built reactor.
 *
 * <pre>{@code
 * DxReactor reactor = DxReactor.builder()
 *         .workers(4)
 *         .backend(Backend.IO_URING)   // default: -Ddx.reactor.backend, else Backend.detect()
 *         .build()
 *         .ignite();
 * }</pre>
 */
public final class ReactorBuilder {

    /** The largest number of workers a reactor accepts. */
    public static final int MAX_WORKERS = 1024;

    int workers = Runtime.getRuntime().availableProcessors();
    Backend backend;
    Boolean pinning;
    Boolean reusePort;
    int ioUringRingSize = 4096;
    boolean bufferRing;
    int bufferRingSize = 512;
    int bufferRingBufferSize = 4096;
    int zeroCopySendThreshold = -1;
    boolean tcpNoDelay = true;
    String threadNamePrefix = "dx-reactor";

    ReactorBuilder() {
    }

    /** Number of cores (event loops, one thread each); default: available processors. */
    public ReactorBuilder workers(int workers) {
        this.workers = checkInRange(checkPositive(workers, "workers"), 1, MAX_WORKERS, "workers");
        return this;
    }

    /**
     * Forces a backend; {@code null} (the default) means the {@value Backend#PROPERTY} system property,
     * else {@link Backend#detect()}. {@link #build()} fails if the backend is not available.
     */
    public ReactorBuilder backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /**
     * Pins worker {@code i} to the {@code i mod n}-th CPU this process may use; default on where the OS
     * supports it (Linux, Windows). A failure to pin logs a warning and never stops the reactor.
     */
    public ReactorBuilder pinning(boolean pinning) {
        this.pinning = pinning;
        return this;
    }

    /**
     * Binds one SO_REUSEPORT listener per core so the kernel spreads connections across cores; default
     * on for io_uring and epoll. Ignored (one listener) on backends without it.
     */
    public ReactorBuilder reusePort(boolean reusePort) {
        this.reusePort = reusePort;
        return this;
    }

    /** io_uring submission queue entries per core (a power of two, 16..32768); default 4096. */
    public ReactorBuilder ioUringRingSize(int entries) {
        this.ioUringRingSize = checkInRange(checkPowerOfTwo(entries, "ioUringRingSize"),
                16, 32768, "ioUringRingSize");
        return this;
    }

    /**
     * Registers one io_uring buffer ring per core and makes every connection receive into it (multishot
     * receive with provided buffers), so an idle connection holds no read buffer. Default off: with
     * Netty 4.2.18 a connection on a buffer ring may deliver more than one read after
     * {@code setAutoRead(false)} (Netty's {@code SocketAutoReadTest} fails), so turn it on for servers
     * with many mostly idle connections that do not rely on that. Ignored where the kernel lacks it.
     */
    public ReactorBuilder bufferRing(boolean enabled) {
        this.bufferRing = enabled;
        return this;
    }

    /** Buffers in each core's io_uring buffer ring (a power of two, 2..32768); default 512. */
    public ReactorBuilder bufferRingSize(int buffers) {
        this.bufferRingSize = checkInRange(checkPowerOfTwo(buffers, "bufferRingSize"),
                2, 32768, "bufferRingSize");
        return this;
    }

    /** Bytes per buffer of the io_uring buffer ring (256..1 MiB); default 4096. */
    public ReactorBuilder bufferRingBufferSize(int bytes) {
        this.bufferRingBufferSize = checkInRange(bytes, 256, 1 << 20, "bufferRingBufferSize");
        return this;
    }

    /**
     * io_uring only: writes of at least this many bytes use zero-copy send ({@code SEND_ZC}); -1 (the
     * default) turns zero-copy send off.
     */
    public ReactorBuilder zeroCopySendThreshold(int bytes) {
        this.zeroCopySendThreshold = checkInRange(bytes, -1, Integer.MAX_VALUE, "zeroCopySendThreshold");
        return this;
    }

    /** TCP_NODELAY on accepted and client connections; default on. */
    public ReactorBuilder tcpNoDelay(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
        return this;
    }

    /** Worker threads are named {@code prefix-<core>}; default {@code dx-reactor}. */
    public ReactorBuilder threadNamePrefix(String prefix) {
        checkNotNull(prefix, "threadNamePrefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("threadNamePrefix : '" + prefix + "' (expected: not blank)");
        }
        this.threadNamePrefix = prefix;
        return this;
    }

    /**
     * Builds a reactor (its threads start on {@link DxReactor#ignite()}).
     *
     * @throws IllegalStateException if the chosen backend is not available; the message names the
     *                               backend and its unavailability cause
     */
    public DxReactor build() {
        Backend chosen = backend != null ? backend.ensureAvailability() : Backend.selected();
        boolean pin = pinning != null ? pinning : Pinning.isSupported();
        boolean reuse = (reusePort != null ? reusePort : true) && chosen.supportsReusePort();
        return new DxReactor(this, chosen, pin, reuse);
    }
}
