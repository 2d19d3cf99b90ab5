package dev.dx.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A closed-loop load generator: N connections, each keeping {@code pipelineDepth} requests in flight;
 * a response triggers the next request. Latency is measured per response from the moment its request
 * was written, into an HdrHistogram {@link Recorder}; the warm-up's recordings are discarded.
 *
 * <p>The protocol is pluggable ({@link Protocol}): {@link EchoProtocol} for echo servers; another
 * protocol only needs to write a request and recognise a complete response.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Runs the warm-up and the measurement and returns the measurement. */
    public static LoadResult run(LoadConfig config, Supplier<Protocol> protocols) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(), Transports.factory(config.transport()));
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        Run run = new Run();
        List<Channel> channels = new ArrayList<>(config.connections());
        try {
            Bootstrap b = new Bootstrap().group(group)
                    .channel(Transports.socketChannel(config.transport()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (config.tls()) {
                                SslContext tls = config.tlsChaCha20() ? TlsContexts.clientChaCha20()
                                        : TlsContexts.client();
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(),
                                        config.target().getHostString(), config.target().getPort()));
                            }
                            ch.pipeline().addLast(new Client(protocols.get(), config.pipelineDepth(),
                                    recorder, errors, run));
                        }
                    });
            for (int i = 0; i < config.connections(); i++) {
                channels.add(b.connect(config.target()).sync().channel());
            }
            LoadResult result = measure(config, recorder, errors);
            run.stopped = true;
            return result;
        } finally {
            run.stopped = true;
            closeAll(channels, group);
        }
    }

    /**
     * Closes {@code channels}, waits (up to 2 s each) until they are closed, then shuts {@code group} down.
     * Waiting matters on io_uring, which completes a close only once its pending operations are
     * cancelled: a loop shut down before that logs a rejected task per channel.
     */
    public static void closeAll(List<Channel> channels, EventLoopGroup group) {
        for (Channel ch : channels) {
            ch.close();
        }
        for (Channel ch : channels) {
            ch.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Sleeps through {@code config}'s warm-up (dropping what {@code recorder} recorded meanwhile), then
     * through its duration, and returns what was recorded and the errors counted in that window.
     */
    public static LoadResult measure(LoadConfig config, Recorder recorder, AtomicLong errors)
            throws InterruptedException {
        Thread.sleep(config.warmup().toMillis());
        recorder.getIntervalHistogram(); // drop the warm-up
        long errorsBefore = errors.get();
        config.window().opened();
        long start = System.nanoTime();
        Thread.sleep(config.duration().toMillis());
        Histogram measured = recorder.getIntervalHistogram();
        double seconds = (System.nanoTime() - start) / 1e9;
        config.window().closed();
        return new LoadResult(measured.getTotalCount(), seconds, measured, errors.get() - errorsBefore);
    }

    private static final class Run {
        volatile boolean stopped;
    }

    /** One connection: keeps {@code depth} requests in flight and records each response's latency. */
    private static final class Client extends ByteToMessageDecoder {
        private final Protocol protocol;
        private final int depth;
        private final Recorder recorder;
        private final AtomicLong errors;
        private final Run run;
        private final long[] sentAt;
        private int head;
        private int inFlight;

        Client(Protocol protocol, int depth, Recorder recorder, AtomicLong errors, Run run) {
            this.protocol = protocol;
            this.depth = depth;
            this.recorder = recorder;
            this.errors = errors;
            this.run = run;
            this.sentAt = new long[depth];
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            for (int i = 0; i < depth; i++) {
                send(ctx);
            }
            ctx.flush();
            super.channelActive(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            ByteBuf request = ctx.alloc().buffer();
            protocol.writeRequest(request);
            sentAt[(head + inFlight) % depth] = System.nanoTime();
            inFlight++;
            ctx.write(request, ctx.voidPromise());
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int n;
            boolean wrote = false;
            while (inFlight > 0 && (n = protocol.completeResponseLength(in)) > 0) {
                in.skipBytes(n);
                long now = System.nanoTime();
                recorder.recordValue(Math.max(0, now - sentAt[head]));
                head = (head + 1) % depth;
                inFlight--;
                if (!run.stopped) {
                    send(ctx);
                    wrote = true;
                }
            }
            if (wrote) {
                ctx.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!run.stopped) {
                errors.incrementAndGet();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!run.stopped) {
                errors.incrementAndGet();
            }
            ctx.close();
        }
    }
}
