package dev.dx.reactor.internal;

import dev.dx.reactor.Backend;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDatagramChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.EnumMap;
import java.util.Map;

/**
 * Availability probes, handler factories and channel classes of each {@link Backend}.
 *
 * <p>Every probe catches {@link LinkageError}: a user may leave a native transport jar off the class
 * path, and that must make the backend unavailable, not break class loading. When a Netty backend of
 * this OS cannot load because its native jar for this CPU is missing ({@link NativeJar}), the cause
 * names that jar and its classifier, and a warning is logged once. The IOCP backend is looked up only
 * by reflection through {@link IocpLookup}.
 */
public final class BackendSupport {

    private static final System.Logger LOG = System.getLogger("dev.dx.reactor");
    private static final Map<Backend, Throwable> CAUSES = new EnumMap<>(Backend.class);
    private static final Throwable AVAILABLE = new Throwable("available");

    private BackendSupport() {
    }

    /** Returns why {@code backend} is unavailable, or {@code null} when it is available. Cached. */
    public static Throwable unavailabilityCause(Backend backend) {
        Throwable cause;
        synchronized (CAUSES) {
            cause = CAUSES.get(backend);
            if (cause == null) {
                cause = probe(backend);
                CAUSES.put(backend, cause == null ? AVAILABLE : cause);
            }
        }
        return cause == AVAILABLE ? null : cause;
    }

    private static Throwable probe(Backend backend) {
        Throwable cause = nettyProbe(backend);
        if (cause == null) {
            return null;
        }
        Throwable explained = explainMissingJar(backend, cause, System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""), BackendSupport.class.getClassLoader());
        if (explained != cause) {
            LOG.log(System.Logger.Level.WARNING, "backend " + backend + " is not available: "
                    + explained.getMessage() + " (Backend.detect() falls back to the next backend)");
        }
        return explained;
    }

    /**
     * Returns {@code cause}, or, when the native jar {@code backend} needs on {@code osName}/{@code osArch}
     * is missing from {@code loader}, an {@link UnsupportedOperationException} that names that jar and its
     * classifier, caused by {@code cause}.
     */
    static Throwable explainMissingJar(Backend backend, Throwable cause, String osName, String osArch,
                                       ClassLoader loader) {
        NativeJar jar = NativeJar.of(backend, osName, osArch);
        if (jar == null || jar.isOnClassPath(loader)) {
            return cause;
        }
        return new UnsupportedOperationException(jar.missingMessage(), cause);
    }

    private static Throwable nettyProbe(Backend backend) {
        try {
            switch (backend) {
                case IO_URING:
                    return IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
                case EPOLL:
                    return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
                case KQUEUE:
                    return KQueue.isAvailable() ? null : KQueue.unavailabilityCause();
                case IOCP:
                    return IocpLookup.unavailabilityCause();
                case NIO:
                    return null;
                default:
                    throw new AssertionError(backend);
            }
        } catch (LinkageError e) {
            return new UnsupportedOperationException(
                    "the Netty classes of " + backend + " are not on the class path", e);
        }
    }

    /** Netty's default {@link IoHandlerFactory} of an available backend. */
    public static IoHandlerFactory defaultFactory(Backend backend) {
        switch (backend) {
            case IO_URING:
                return IoUringIoHandler.newFactory();
            case EPOLL:
                return EpollIoHandler.newFactory();
            case KQUEUE:
                return KQueueIoHandler.newFactory();
            case IOCP:
                return IocpLookup.newFactory();
            case NIO:
                return NioIoHandler.newFactory();
            default:
                throw new AssertionError(backend);
        }
    }

    /** The server socket channel class of an available backend. */
    public static Class<? extends ServerChannel> serverSocketChannelClass(Backend backend) {
        switch (backend) {
            case IO_URING:
                return IoUringServerSocketChannel.class;
            case EPOLL:
                return EpollServerSocketChannel.class;
            case KQUEUE:
                return KQueueServerSocketChannel.class;
            case IOCP:
                return IocpLookup.channelClass(IocpLookup.SERVER_SOCKET_CHANNEL, ServerChannel.class);
            case NIO:
                return NioServerSocketChannel.class;
            default:
                throw new AssertionError(backend);
        }
    }

    /** The socket channel class of an available backend. */
    public static Class<? extends SocketChannel> socketChannelClass(Backend backend) {
        switch (backend) {
            case IO_URING:
                return IoUringSocketChannel.class;
            case EPOLL:
                return EpollSocketChannel.class;
            case KQUEUE:
                return KQueueSocketChannel.class;
            case IOCP:
                return IocpLookup.channelClass(IocpLookup.SOCKET_CHANNEL, SocketChannel.class);
            case NIO:
                return NioSocketChannel.class;
            default:
                throw new AssertionError(backend);
        }
    }

    /** The datagram channel class of an available backend. */
    public static Class<? extends DatagramChannel> datagramChannelClass(Backend backend) {
        switch (backend) {
            case IO_URING:
                return IoUringDatagramChannel.class;
            case EPOLL:
                return EpollDatagramChannel.class;
            case KQUEUE:
                return KQueueDatagramChannel.class;
            case IOCP:
                return IocpLookup.channelClass(IocpLookup.DATAGRAM_CHANNEL, DatagramChannel.class);
            case NIO:
                return NioDatagramChannel.class;
            default:
                throw new AssertionError(backend);
        }
    }
}
