package dev.dx.reactor;

import dev.dx.common.DrainRequest;
import dev.dx.reactor.internal.BackendSupport;
import dev.dx.reactor.internal.ChildInitializer;
import dev.dx.reactor.internal.ConnectionTracker;
import dev.dx.reactor.internal.Core;
import dev.dx.reactor.internal.CoreIoHandlerFactory;
import dev.dx.reactor.internal.CoreThread;
import dev.dx.reactor.internal.CoreThreadFactory;
import dev.dx.reactor.internal.IoUringSupport;
import dev.dx.reactor.internal.Pinning;
import dev.dx.reactor.internal.Scheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.dx.common.Checks.checkNotNull;

/**
 * A thread-per-core Netty reactor: one event loop per core on the best native transport, each thread
 * pinned to its CPU, one SO_REUSEPORT listener per core, core-local task queues with work stealing.
 *
 * <pre>{@code
 * try (DxReactor reactor = DxReactor.builder().build().ignite()) {
 *     Listener http = reactor.bind(new InetSocketAddress(8080), new MyServerInitializer());
 *     ...
 * }
 * }</pre>
 *
 * <p>A connection accepted by a core's listener is served by that core for its whole life, so its
 * handlers may use {@link #currentCore()} and {@link CoreLocal} values without synchronisation.
 */
public final class DxReactor implements AutoCloseable {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SHUTTING_DOWN = 2;

    private final Backend backend;
    private final boolean pinning;
    private final boolean reusePort;
    private final boolean bufferRing;
    private final int zeroCopySendThreshold;
    private final boolean tcpNoDelay;
    private final Core[] coreArray;
    private final List<CoreState> cores;
    private final Scheduler scheduler;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger state = new AtomicInteger(NEW);

    DxReactor(ReactorBuilder b, Backend backend, boolean pinning, boolean reusePort) {
        this.backend = backend;
        this.pinning = pinning;
        this.reusePort = reusePort;
        this.bufferRing = backend == Backend.IO_URING && IoUringSupport.useBufferRing(b.bufferRing);
        this.zeroCopySendThreshold = b.zeroCopySendThreshold;
        this.tcpNoDelay = b.tcpNoDelay;

        List<Integer> cpus = Pinning.allowedCpus();
        coreArray = new Core[b.workers];
        for (int i = 0; i < coreArray.length; i++) {
            coreArray[i] = new Core(i, pinning ? cpus.get(i % cpus.size()) : -1, this);
        }
        scheduler = new Scheduler(coreArray);
        IoHandlerFactory backendFactory = backend == Backend.IO_URING
                ? IoUringSupport.factory(b.ioUringRingSize, bufferRing, b.bufferRingSize, b.bufferRingBufferSize)
                : BackendSupport.defaultFactory(backend);
        CoreIoHandlerFactory factory = new CoreIoHandlerFactory(
                backendFactory, coreArray, scheduler, b.threadNamePrefix, pinning);
        group = new MultiThreadIoEventLoopGroup(coreArray.length,
                new CoreThreadFactory(b.threadNamePrefix), factory);
        List<CoreState> views = new ArrayList<>(coreArray.length);
        int i = 0;
        for (EventExecutor executor : group) {
            IoEventLoop loop = (IoEventLoop) executor;
            Core core = factory.coreOf(loop);
            if (core == null) {
                core = coreArray[i];
            }
            core.eventLoop(loop);
            i++;
        }
        for (Core core : coreArray) {
            views.add(new CoreState(core));
        }
        cores = Collections.unmodifiableList(views);
    }

    /** A builder with defaults: all processors, the detected backend, pinning and SO_REUSEPORT on. */
    public static ReactorBuilder builder() {
        return new ReactorBuilder();
    }

    /**
     * The core of the calling thread, or {@code null} when the caller is not a reactor thread. A field
     * read of the current thread; no thread-local lookup.
     */
    public static CoreState currentCore() {
        Core core = CoreThread.currentCore();
        return core == null ? null : (CoreState) core.view();
    }

    /**
     * Starts every core's thread and returns once all run, each pinned (when pinning is on; a failure
     * to pin is logged, see {@link CoreState#isPinned()}). Idempotent.
     *
     * @throws IllegalStateException if the reactor is shut down or a core does not start within 30 s
     */
    public DxReactor ignite() {
        if (state.get() == RUNNING) {
            return this;
        }
        if (state.get() == SHUTTING_DOWN) {
            throw new IllegalStateException("the reactor is shut down");
        }
        List<Future<?>> started = new ArrayList<>(coreArray.length);
        for (Core core : coreArray) {
            started.add(core.eventLoop().submit(() -> { }));
        }
        for (int i = 0; i < started.size(); i++) {
            Future<?> f = started.get(i);
            if (!f.awaitUninterruptibly(30, TimeUnit.SECONDS) || !f.isSuccess()) {
                throw new IllegalStateException("core " + i + " did not start", f.cause());
            }
        }
        state.compareAndSet(NEW, RUNNING);
        return this;
    }

    /** The backend every core runs on. */
    public Backend backend() {
        return backend;
    }

    /** The cores, in id order. */
    public List<CoreState> cores() {
        return cores;
    }

    /** The number of cores. */
    public int workers() {
        return coreArray.length;
    }

    /** Whether cores pin their threads (each core reports whether it succeeded). */
    public boolean isPinning() {
        return pinning;
    }

    /** Whether {@link #bind} opens one SO_REUSEPORT listener per core. */
    public boolean isReusePort() {
        return reusePort;
    }

    /** Whether io_uring connections receive into per-core buffer rings. */
    public boolean isBufferRing() {
        return bufferRing;
    }

    /**
     * The event loop group of all cores, for code that needs a plain Netty group (its loops are the
     * cores' loops, in core order). Do not shut it down directly; use {@link #shutdownGracefully}.
     */
    public IoEventLoopGroup group() {
        return group;
    }

    /**
     * Binds {@code address} and serves accepted connections with {@code childHandler} (as
     * {@link ServerBootstrap#childHandler}; it must be {@code @Sharable}, typically a
     * {@code ChannelInitializer}). With SO_REUSEPORT, every core binds its own listener and serves what
     * it accepts; otherwise core 0 accepts and connections are spread round-robin over the cores. Port 0
     * binds an ephemeral port (the same one on every core); see {@link Listener#localAddress()}.
     *
     * @throws IllegalStateException if binding fails (the cause is the bind error)
     */
    public Listener bind(SocketAddress address, ChannelHandler childHandler) {
        checkNotNull(address, "address");
        checkNotNull(childHandler, "childHandler");
        ignite();
        ChannelHandler init = new ChildInitializer(childHandler);
        List<Channel> bound = new ArrayList<>();
        boolean perCore = reusePort && address instanceof InetSocketAddress;
        try {
            if (perCore) {
                SocketAddress target = address;
                for (Core core : coreArray) {
                    ServerBootstrap b = serverBootstrap(core.eventLoop(), core.eventLoop(), init)
                            .option(UnixChannelOption.SO_REUSEPORT, true);
                    Channel ch = b.bind(target).sync().channel();
                    bound.add(ch);
                    target = ch.localAddress();
                }
            } else {
                bound.add(serverBootstrap(coreArray[0].eventLoop(), group, init).bind(address).sync().channel());
            }
        } catch (Exception e) {
            for (Channel ch : bound) {
                ch.close().awaitUninterruptibly();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot bind " + address + " on " + backend, e);
        }
        Listener listener = new Listener(this, bound, perCore);
        listeners.add(listener);
        return listener;
    }

    /**
     * A {@link ServerBootstrap} on all cores with this reactor's channel class and child options
     * (TCP_NODELAY, io_uring buffer ring and zero-copy send), for code that must configure the bootstrap
     * itself. One listener only (no SO_REUSEPORT); its connections are not counted in
     * {@link CoreState} and not flushed by {@link #shutdownGracefully} ({@link #bind} does both). Set a
     * child handler and bind.
     */
    public ServerBootstrap serverBootstrap() {
        ignite();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(backend.serverSocketChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, tcpNoDelay);
        if (backend == Backend.IO_URING) {
            IoUringSupport.childOptions(b, bufferRing, zeroCopySendThreshold);
        }
        return b;
    }

    private ServerBootstrap serverBootstrap(EventLoopGroup parent, EventLoopGroup child, ChannelHandler init) {
        ServerBootstrap b = new ServerBootstrap()
                .group(parent, child)
                .channel(backend.serverSocketChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, tcpNoDelay)
                .childHandler(init);
        if (backend == Backend.IO_URING) {
            IoUringSupport.childOptions(b, bufferRing, zeroCopySendThreshold);
        }
        return b;
    }

    void forget(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * A client {@link Bootstrap} on this reactor's backend: channel class, TCP_NODELAY and (io_uring)
     * buffer ring set. Called on a reactor thread, its group is that core's loop, so the connection
     * stays on the calling core; otherwise connections are spread over all cores. Add a handler and
     * connect.
     */
    public Bootstrap clientBootstrap() {
        ignite();
        Core current = CoreThread.currentCore();
        EventLoopGroup g = current != null && current.owner() == this ? current.eventLoop() : group;
        Bootstrap b = new Bootstrap()
                .group(g)
                .channel(backend.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, tcpNoDelay);
        if (backend == Backend.IO_URING) {
            IoUringSupport.clientOptions(b, bufferRing, zeroCopySendThreshold);
        }
        return b;
    }

    /**
     * Runs {@code task} on a core: the calling core's local queue when called on a reactor thread,
     * otherwise the next core in round-robin order. An idle core may steal it from a busy one, so it
     * must not assume which core runs it (use {@code eventLoop().execute} for that). A task that throws
     * is logged; the core goes on.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the reactor is shutting down
     */
    public void submit(Runnable task) {
        checkNotNull(task, "task");
        if (state.get() == NEW) {
            ignite();
        }
        scheduler.submit(task);
    }

    /** A new {@link CoreLocal} holding {@code initial.apply(core)} for each core. */
    public <T> CoreLocal<T> coreLocal(Function<CoreState, ? extends T> initial) {
        checkNotNull(initial, "initial");
        return new CoreLocal<>(this, initial);
    }

    /**
     * Shuts down gracefully within {@code timeout}: closes every listener, then fires a
     * {@link DrainRequest} through each accepted connection's pipeline. A protocol handler that claims it
     * (HBTP's router does: GoAway, the calls in flight served, then Close) closes its connection itself
     * before the request's deadline (the shutdown's, less a tenth of the time left, at most a second);
     * every other connection gets an empty buffer written behind its pending writes and is closed once
     * that completes (so in-flight responses are flushed). Then the queued tasks run and the threads
     * stop. Connections still open at the deadline are closed by the event loops' shutdown.
     *
     * @return whether every thread terminated within {@code timeout}
     */
    public boolean shutdownGracefully(Duration timeout) {
        checkNotNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (state.getAndSet(SHUTTING_DOWN) != SHUTTING_DOWN) {
            scheduler.shutdown();
            for (Listener listener : new ArrayList<>(listeners)) {
                listener.close(Duration.ofNanos(left(deadline)));
            }
            List<ChannelFuture> closing = new CopyOnWriteArrayList<>();
            List<Future<?>> flushed = new ArrayList<>();
            long drainDeadline = drainDeadline(deadline);
            for (Core core : coreArray) {
                if (!core.eventLoop().isShuttingDown()) {
                    flushed.add(core.eventLoop().submit(() -> closeConnections(core, closing, drainDeadline)));
                }
            }
            for (Future<?> f : flushed) {
                f.awaitUninterruptibly(left(deadline), TimeUnit.NANOSECONDS);
            }
            for (ChannelFuture f : closing) {
                f.awaitUninterruptibly(left(deadline), TimeUnit.NANOSECONDS);
            }
            group.shutdownGracefully(0, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left(deadline))),
                    TimeUnit.MILLISECONDS);
        }
        try {
            return group.awaitTermination(left(deadline), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return group.isTerminated();
        }
    }

    /**
     * Asks each connection to drain (a {@link DrainRequest} through its pipeline) and closes, after its
     * pending writes, every connection whose handlers did not claim the request.
     */
    private static void closeConnections(Core core, List<ChannelFuture> closing, long drainDeadline) {
        for (Channel ch : new ArrayList<>(core.connections())) {
            closing.add(ch.closeFuture());
            DrainRequest drain = new DrainRequest(drainDeadline);
            ch.pipeline().fireUserEventTriggered(drain);
            if (drain.isClaimed()) {
                continue; // a protocol handler finishes its work in flight and closes the connection itself
            }
            ChannelHandlerContext ctx = ConnectionTracker.contextOf(ch);
            if (ctx != null) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                ch.close();
            }
        }
    }

    /**
     * The deadline handed to draining connections: the shutdown's, less a tenth of the time left (at
     * most a second), so that a drain's last answers and Close go out before the loops stop.
     */
    private static long drainDeadline(long deadline) {
        long left = left(deadline);
        return deadline - Math.min(left / 10, TimeUnit.SECONDS.toNanos(1));
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Whether {@link #shutdownGracefully} has been called. */
    public boolean isShutdown() {
        return state.get() == SHUTTING_DOWN;
    }

    /** Whether every core's thread has stopped. */
    public boolean isTerminated() {
        return group.isTerminated();
    }

    /** {@link #shutdownGracefully} with a 10 second timeout. */
    @Override
    public void close() {
        shutdownGracefully(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "DxReactor{backend=" + backend + ", workers=" + coreArray.length + ", pinning=" + pinning
                + ", reusePort=" + reusePort + ", bufferRing=" + bufferRing + '}';
    }
}
