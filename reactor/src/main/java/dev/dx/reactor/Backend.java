package dev.dx.reactor;

import dev.dx.reactor.internal.BackendSupport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;

import java.util.Locale;

/**
 * The native I/O layer a {@link DxReactor} runs on.
 *
 * <p>{@link #detect()} picks, in this order, the first backend that is available on the running
 * machine: {@link #IO_URING} (Linux, {@code IoUring.isAvailable()}), {@link #EPOLL} (Linux),
 * {@link #KQUEUE} (macOS/BSD), {@link #IOCP} (Windows, when the {@code dx-transport-iocp} jar is on the
 * class path; it is looked up reflectively, so this module does not depend on it), else {@link #NIO},
 * which is always available.
 *
 * <p>{@code dx-reactor} brings Netty's native jars for linux-x86_64 and linux-aarch_64 (io_uring, epoll)
 * and osx-x86_64 and osx-aarch_64 (kqueue). When a backend of the running OS cannot load because its jar
 * for this CPU is not on the class path (excluded, or a CPU Netty publishes but this module does not
 * bring), {@link #unavailabilityCause()} says so, naming the artifact and the classifier to add (for
 * example "netty-transport-native-io_uring with classifier linux-aarch_64 is not on the class path"),
 * and {@link #detect()} logs that once as a warning before falling back.
 *
 * <p>A backend can be forced with {@link ReactorBuilder#backend(Backend)} or with the system property
 * {@value #PROPERTY} (for example {@code -Ddx.reactor.backend=epoll}). Forcing a backend that is not
 * available fails with {@link #ensureAvailability()}'s error, which names the backend and the cause.
 */
public enum Backend {
    /** Linux io_uring (Netty's {@code IoUringIoHandler}). */
    IO_URING,
    /** Linux epoll (Netty's {@code EpollIoHandler}). */
    EPOLL,
    /** macOS/BSD kqueue (Netty's {@code KQueueIoHandler}). */
    KQUEUE,
    /** Windows I/O completion ports ({@code dev.dx.transport.iocp}, looked up reflectively). */
    IOCP,
    /** Java NIO selectors (Netty's {@code NioIoHandler}); available everywhere. */
    NIO;

    /** The system property that forces a backend when the builder does not name one. */
    public static final String PROPERTY = "dx.reactor.backend";

    /** Returns whether this backend can run on this machine with the current class path. */
    public boolean isAvailable() {
        return BackendSupport.unavailabilityCause(this) == null;
    }

    /** Returns why this backend cannot run here, or {@code null} when it is available. */
    public Throwable unavailabilityCause() {
        return BackendSupport.unavailabilityCause(this);
    }

    /**
     * Throws {@link IllegalStateException} naming this backend and its unavailability cause if it
     * cannot run here; returns {@code this} otherwise.
     */
    public Backend ensureAvailability() {
        Throwable cause = unavailabilityCause();
        if (cause != null) {
            throw new IllegalStateException(
                    "backend " + this + " is not available: " + cause, cause);
        }
        return this;
    }

    /** Whether a server can bind one SO_REUSEPORT listener per core so the kernel spreads connections. */
    public boolean supportsReusePort() {
        return this == IO_URING || this == EPOLL;
    }

    /** The {@link IoHandlerFactory} of this backend with Netty's defaults. */
    public IoHandlerFactory ioHandlerFactory() {
        ensureAvailability();
        return BackendSupport.defaultFactory(this);
    }

    /** The server socket channel class to use with event loops of this backend. */
    public Class<? extends ServerChannel> serverSocketChannelClass() {
        ensureAvailability();
        return BackendSupport.serverSocketChannelClass(this);
    }

    /** The socket channel class to use with event loops of this backend. */
    public Class<? extends SocketChannel> socketChannelClass() {
        ensureAvailability();
        return BackendSupport.socketChannelClass(this);
    }

    /** The datagram channel class to use with event loops of this backend. */
    public Class<? extends DatagramChannel> datagramChannelClass() {
        ensureAvailability();
        return BackendSupport.datagramChannelClass(this);
    }

    /**
     * Returns the best available backend: io_uring, else epoll, else kqueue, else IOCP, else NIO.
     * Ignores {@value #PROPERTY}; see {@link #selected()}.
     */
    public static Backend detect() {
        for (Backend backend : values()) {
            if (backend.isAvailable()) {
                return backend;
            }
        }
        return NIO;
    }

    /**
     * Returns the backend named by {@value #PROPERTY} (checked for availability), or {@link #detect()}
     * when the property is not set.
     *
     * @throws IllegalArgumentException if the property names no backend
     * @throws IllegalStateException if the named backend is not available
     */
    public static Backend selected() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) {
            return detect();
        }
        return parse(forced).ensureAvailability();
    }

    /**
     * Parses a backend name, ignoring case, dashes and underscores: {@code io_uring}, {@code iouring},
     * {@code IO_URING}, {@code epoll}, {@code kqueue}, {@code iocp}, {@code nio}.
     *
     * @throws IllegalArgumentException if the name matches no backend
     */
    public static Backend parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (Backend backend : values()) {
            if (backend.name().toLowerCase(Locale.ROOT).replace("_", "").equals(key)) {
                return backend;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " : " + name
                + " (expected: io_uring, epoll, kqueue, iocp or nio)");
    }
}
