package dev.dx.example;

import dev.dx.reactor.CoreState;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The README's first command: an echo server on {@link DxReactor}.
 *
 * <p>It ignites a reactor with the defaults (best backend of this OS, one pinned worker per core,
 * one SO_REUSEPORT listener per core where the backend has it), prints what it got, proves the
 * round trip with one client message sent through the reactor's own client bootstrap, then serves
 * until Ctrl-C.
 *
 * <p>System properties: {@code dx.demo.port} (default 7007), {@code dx.demo.host} (default
 * 127.0.0.1), {@code dx.demo.seconds} (stop after that many seconds; default: run until Ctrl-C),
 * and every {@code dx.reactor.*} property the reactor reads, such as {@code dx.reactor.backend}.
 */
public final class EchoDemo {

    private EchoDemo() {
    }

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("dx.demo.host", "127.0.0.1");
        int port = Integer.getInteger("dx.demo.port", 7007);
        long seconds = Long.getLong("dx.demo.seconds", 0L);
        PrintStream out = System.out;

        DxReactor reactor = DxReactor.builder().build().ignite();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dx-demo-shutdown"));
        try (Listener listener = reactor.bind(new InetSocketAddress(host, port),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(EchoHandler.INSTANCE);
                    }
                })) {
            out.println(describe(reactor, listener));
            out.println("round trip: " + roundTrip(reactor, listener.localAddress(), "hello, dx"));
            out.println(seconds > 0
                    ? "serving for " + seconds + " s (try: nc " + host + " " + port + ")"
                    : "serving until Ctrl-C (try: nc " + host + " " + port + ")");
            if (seconds > 0) {
                stop.await(seconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } finally {
            boolean clean = reactor.shutdownGracefully(Duration.ofSeconds(5));
            out.println(clean ? "stopped" : "stopped (shutdown timed out)");
        }
    }

    /** One line per fact a user wants to see: backend, workers, pinning, listeners. */
    static String describe(DxReactor reactor, Listener listener) {
        String cores = reactor.cores().stream()
                .map(EchoDemo::describe)
                .collect(Collectors.joining(", "));
        return "dx-reactor echo demo\n"
                + "  backend:   " + reactor.backend() + "\n"
                + "  workers:   " + reactor.workers() + "\n"
                + "  pinning:   " + (reactor.isPinning() ? "on" : "off") + " [" + cores + "]\n"
                + "  listeners: " + listener.channels().size()
                + (listener.isReusePort() ? " (SO_REUSEPORT, one per core)" : "")
                + " on " + listener.localAddress();
    }

    private static String describe(CoreState core) {
        return "worker " + core.id() + (core.isPinned() ? " -> cpu " + core.cpu() : " unpinned");
    }

    /** Sends {@code text} to the server through the reactor's client bootstrap; returns the echo. */
    static String roundTrip(DxReactor reactor, java.net.SocketAddress server, String text)
            throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Bootstrap bootstrap = reactor.clientBootstrap().handler(
                new SimpleChannelInboundHandler<ByteBuf>() {
                    private final StringBuilder received = new StringBuilder();

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        received.append(msg.toString(StandardCharsets.UTF_8));
                        if (received.length() >= text.length()) {
                            echoed.complete(received.toString());
                            ctx.close();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        echoed.completeExceptionally(cause);
                        ctx.close();
                    }
                });
        Channel ch = bootstrap.connect(server).sync().channel();
        try {
            ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
            return echoed.get(10, TimeUnit.SECONDS);
        } finally {
            ch.close().sync();
        }
    }
}
