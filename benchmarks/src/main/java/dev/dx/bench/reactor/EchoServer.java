package dev.dx.bench.reactor;

import dev.dx.reactor.Backend;
import dev.dx.reactor.DxReactor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An echo server in one of several setups, for the reactor benchmarks:
 * <ul>
 *   <li>{@code dx}: DxReactor, detected backend (io_uring here), thread per core, pinned, SO_REUSEPORT;</li>
 *   <li>{@code dx-ring}: the same with io_uring buffer rings;</li>
 *   <li>{@code iocp}: DxReactor forced onto {@link Backend#IOCP} (Windows, with {@code dx-transport-iocp}
 *       and its DLL on the class path: the benchmarks' {@code windows} profile);</li>
 *   <li>{@code nio}: one {@code MultiThreadIoEventLoopGroup} with {@code NioIoHandler}, Netty defaults;</li>
 *   <li>{@code epoll}: the same with {@code EpollIoHandler};</li>
 *   <li>{@code iouring}: raw Netty io_uring, as many threads as DxReactor would use, one listener, and
 *       TCP_NODELAY on accepted connections as DxReactor sets it (nio and epoll keep Netty's defaults).</li>
 * </ul>
 * {@code java -cp benchmarks.jar dev.dx.bench.reactor.EchoServer --mode dx --port 7007}. Prints
 * {@code READY}; then reads stdin: {@code mem} prints a {@code MEM} line (heap after GC, Netty direct
 * memory, JDK direct buffers, RSS, open connections), {@code quit} (or end of input) stops it.
 */
public final class EchoServer {

    private EchoServer() {
    }

    /** Writes back what it reads; the write releases the buffer. {@code @Sharable}. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Counts open connections. {@code @Sharable}. */
    @ChannelHandler.Sharable
    static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        final AtomicInteger open = new AtomicInteger();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            open.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = "dx";
        int port = 7007;
        int workers = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode": mode = args[i + 1]; break;
                case "--port": port = Integer.parseInt(args[i + 1]); break;
                case "--workers": workers = Integer.parseInt(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ConnectionCounter counter = new ConnectionCounter();
        ChannelInitializer<Channel> init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(counter, EchoHandler.INSTANCE);
            }
        };
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Runnable stop;
        String description;
        if (mode.equals("dx") || mode.equals("dx-ring") || mode.equals("iocp")) {
            var builder = DxReactor.builder().bufferRing(mode.equals("dx-ring"));
            if (mode.equals("iocp")) {
                builder.backend(Backend.IOCP);
            }
            builder.workers(workers > 0 ? workers : Runtime.getRuntime().availableProcessors());
            DxReactor reactor = builder.build().ignite();
            reactor.bind(address, init);
            stop = () -> reactor.shutdownGracefully(Duration.ofSeconds(5));
            description = reactor.toString() + " cpus=" + reactor.cores().stream()
                    .map(c -> c.cpu() + (c.isPinned() ? "" : "(not pinned)")).toList();
        } else {
            EventLoopGroup group;
            Class<? extends ServerChannel> channel;
            switch (mode) {
                case "nio":
                    group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
                    channel = NioServerSocketChannel.class;
                    break;
                case "epoll":
                    group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
                    channel = EpollServerSocketChannel.class;
                    break;
                case "iouring":
                    int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
                    group = new MultiThreadIoEventLoopGroup(threads, IoUringIoHandler.newFactory());
                    channel = IoUringServerSocketChannel.class;
                    break;
                default:
                    throw new IllegalArgumentException("mode : " + mode + " (expected: dx, dx-ring, iocp, nio, epoll, iouring)");
            }
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(channel).childHandler(init);
            if (mode.equals("iouring")) {
                // The layer-cost peer: the same child options DxReactor sets, so only the layer differs.
                bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
            }
            bootstrap.bind(address).sync();
            stop = () -> group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            int loops = 0;
            for (var ignored : group) {
                loops++;
            }
            description = mode + " threads=" + loops;
        }
        System.out.println("READY " + description + " detected=" + Backend.detect());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
            if (line.trim().equals("mem")) {
                System.out.println(memory(counter.open.get()));
                System.out.flush();
            }
        }
        stop.run();
    }

    static String memory(int open) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long nettyDirect = -1;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider) {
            nettyDirect = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
        }
        long jdkDirect = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdkDirect = pool.getMemoryUsed();
            }
        }
        long rss = -1;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return "MEM open=" + open + " heap=" + heap + " nettyDirect=" + nettyDirect
                + " jdkDirect=" + jdkDirect + " rss=" + rss;
    }
}
