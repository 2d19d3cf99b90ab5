package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpResponse;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How long a cancellation takes to reach the server's handler over loopback (spec §11.2): the client
 * calls a route whose handler never answers, waits until the handler has registered its cancellation
 * listener, then cancels the call's future; the time from {@code cancel()} to the listener running on the
 * server's event loop (one process, one clock) is recorded in an HdrHistogram. One call at a time.
 *
 * <pre>
 * taskset -c 0,1 java -cp benchmarks/target/benchmarks.jar dev.dx.bench.hbtp.CancelLatency [warmupSeconds] [samples]
 * </pre>
 *
 * The server runs on a one-worker DxReactor (its best backend), the client on one NIO event loop.
 * Prints p50, p90, p99, p99.9 and the maximum in microseconds.
 */
public final class CancelLatency {

    private CancelLatency() {
    }

    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        LinkedBlockingQueue<long[]> registered = new LinkedBlockingQueue<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(1, ex -> {
                    long[] cancelledAt = new long[1];
                    ex.onCancel(() -> {
                        cancelledAt[0] = System.nanoTime();
                        synchronized (cancelledAt) {
                            cancelledAt.notifyAll();
                        }
                    });
                    registered.offer(cancelledAt);
                })
                .build();
        DxReactor reactor = DxReactor.builder().workers(1).build().ignite();
        MultiThreadIoEventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HbtpServerCodec(new HbtpCodecConfig()), new HbtpControlHandler(),
                            new HbtpRouter(routes));
                }
            });
            HbtpClient client = HbtpClient.connect(new Bootstrap().group(clientGroup).channel(NioSocketChannel.class),
                    listener.localAddress(), new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
            System.out.println("CancelLatency: server " + reactor + ", client NIO; warm-up " + warmupSeconds
                    + " s, then " + samples + " samples");
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long warm = 0;
            while (System.nanoTime() < warmupEnd) {
                once(client, registered);
                warm++;
            }
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
            for (int i = 0; i < samples; i++) {
                h.recordValue(once(client, registered));
            }
            System.out.printf("warm-up cancels: %d%ncancel() -> server listener, us: p50 %.1f  p90 %.1f  p99 %.1f  "
                            + "p99.9 %.1f  max %.1f  (n=%d)%n", warm,
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                    h.getTotalCount());
            client.close();
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            reactor.shutdownGracefully(Duration.ofSeconds(5));
        }
    }

    /** One call cancelled once its handler listens; returns nanoseconds from cancel() to the listener. */
    private static long once(HbtpClient client, LinkedBlockingQueue<long[]> registered) throws Exception {
        CompletableFuture<HbtpResponse> f = client.call(1, client.channel().alloc().buffer(0), HbtpCallOptions.DEFAULT);
        long[] cancelledAt = registered.poll(10, TimeUnit.SECONDS);
        if (cancelledAt == null) {
            throw new IllegalStateException("the handler was not called");
        }
        long start = System.nanoTime();
        f.cancel(false);
        synchronized (cancelledAt) {
            long deadline = start + TimeUnit.SECONDS.toNanos(10);
            while (cancelledAt[0] == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the cancellation did not reach the handler");
                }
                cancelledAt.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        while (client.channel().eventLoop().submit(client::inFlight).get() > 0) {
            Thread.onSpinWait(); // until the server's CANCELLED frees the sequence (read on the client's loop)
        }
        return cancelledAt[0] - start;
    }
}
