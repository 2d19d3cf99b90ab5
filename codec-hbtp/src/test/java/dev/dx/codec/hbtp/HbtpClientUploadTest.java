package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Uploads from {@link HbtpClient#upload} (spec §7, §11.2) over real sockets on {@link DxReactor}: the
 * pipeline {@link HbtpClient#initPipeline} builds can send them, the stream's sequence comes from the
 * call table and is freed by the server's one answer, which the consumer sends through its exchange;
 * a refusal and a cancel both stop the chunks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HbtpClientUploadTest {

    private static final int SUM = 1;     // answers the number of bytes received
    private static final int STALL = 2;   // takes every chunk and never answers; records its abort
    private static final int GUARDED = 3; // refused by the interceptor

    private static DxReactor reactor;
    private static Listener server;
    private static final List<String> intercepted = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch stallOpened = new CountDownLatch(1);
    private static volatile CountDownLatch stallAborted = new CountDownLatch(1);
    private final List<HbtpClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    intercepted.add(ex.route() + ":" + ex.metadata().get(HbtpMetadataKey.TRACEPARENT));
                    if (ex.route() == GUARDED) {
                        ex.fail(HbtpErrorCode.RATE_LIMITED, "slow down");
                    } else {
                        next.handle(ex);
                    }
                })
                .upload(SUM, (ch, seq, args) -> new Summing())
                .upload(STALL, (ch, seq, args) -> new Stalling())
                .upload(GUARDED, (ch, seq, args) -> new Summing())
                .build();
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(),
                        new HbtpStreamReceiver(8, routes), new HbtpRouter(routes));
            }
        });
    }

    /** Counts the bytes and answers the count once the stream ends. */
    private static final class Summing implements HbtpStreamConsumer {
        private HbtpStreamSubscription subscription;
        private long bytes;

        @Override
        public void onOpen(HbtpStreamSubscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onChunk(ByteBuf data) {
            bytes += data.readableBytes();
        }

        @Override
        public void onEnd(ByteBuf data) {
            bytes += data.readableBytes();
            HbtpExchange ex = subscription.exchange();
            ex.respond(ex.alloc().buffer(8).writeLong(bytes));
        }
    }

    /**
     * Takes every chunk (a consumer that took none would pause the connection's reads, and the RpcCancel
     * would wait behind the chunks: HBTP has no per-stream flow control) and never answers.
     */
    private static final class Stalling implements HbtpStreamConsumer {
        @Override
        public void onOpen(HbtpStreamSubscription s) {
            s.request(Long.MAX_VALUE);
            stallOpened.countDown();
        }

        @Override
        public void onChunk(ByteBuf data) {
        }

        @Override
        public void onEnd(ByteBuf data) {
        }

        @Override
        public void onAbort() {
            stallAborted.countDown();
        }
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @AfterEach
    void close() throws Exception {
        for (HbtpClient c : clients) {
            c.close();
            c.closeFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private HbtpClient connect() throws Exception {
        HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), server.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    /** {@code n} zero bytes, made as they are read (no array of that size); records when it is closed. */
    private static final class Zeros extends InputStream {
        private volatile long left;
        final CountDownLatch closed = new CountDownLatch(1);

        Zeros(long n) {
            left = n;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int k = (int) Math.min(len, left);
            Arrays.fill(b, off, off + k, (byte) 0);
            left -= k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, left));
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static InputStream bytes(long n) {
        return new Zeros(n);
    }

    /** Reads the client's in-flight count on its event loop, where it is exact. */
    private static int inFlight(HbtpClient c) throws Exception {
        return c.channel().eventLoop().submit(c::inFlight).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUploadIsAnsweredThroughTheConsumersExchangeAndFreesItsSequence() throws Exception {
        HbtpClient client = connect();
        HbtpCallOptions options = HbtpCallOptions.DEFAULT.withTimeoutMillis(30_000)
                .withMetadata(HbtpMetadata.of(HbtpMetadataKey.TRACEPARENT, "00-trace-01"));

        HbtpResponse answer = client.upload(SUM, Unpooled.EMPTY_BUFFER, new ChunkedStream(bytes(1_000_000), 8192),
                options).get(30, TimeUnit.SECONDS);
        try {
            assertThat(answer.result().readLong()).isEqualTo(1_000_000L);
        } finally {
            answer.release();
        }
        assertThat(intercepted).contains(SUM + ":00-trace-01");
        assertThat(inFlight(client)).isZero();
        // the sequence table serves calls and uploads alike: a second upload on the same connection works
        HbtpResponse again = client.upload(SUM, Unpooled.EMPTY_BUFFER, new ChunkedStream(bytes(10), 4),
                HbtpCallOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        try {
            assertThat(again.result().readLong()).isEqualTo(10L);
        } finally {
            again.release();
        }
    }

    @Test
    void anUploadRefusedByAnInterceptorFailsWithTheCodeAndStopsTheChunks() throws Exception {
        HbtpClient client = connect();

        Zeros source = new Zeros(1L << 40); // a terabyte: only stopping ends it
        CompletableFuture<HbtpResponse> f = client.upload(GUARDED, Unpooled.EMPTY_BUFFER,
                new ChunkedStream(source, 8192), HbtpCallOptions.DEFAULT);

        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HbtpRpcException.class)
                .satisfies(e -> assertThat(((HbtpRpcException) e).code()).isEqualTo(HbtpErrorCode.RATE_LIMITED.code()));
        assertThat(inFlight(client)).isZero();
        assertThat(source.closed.await(10, TimeUnit.SECONDS)).as("the refused upload's source was closed").isTrue();
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void cancellingAnUploadSendsRpcCancelTheServerEndsTheStreamAndTheSequenceComesBack() throws Exception {
        stallOpened = new CountDownLatch(1);
        stallAborted = new CountDownLatch(1);
        HbtpClient client = connect();

        CompletableFuture<HbtpResponse> f = client.upload(STALL, Unpooled.EMPTY_BUFFER,
                new ChunkedStream(bytes(256 * 1024 * 1024), 8192), HbtpCallOptions.DEFAULT);
        assertThat(stallOpened.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel(false)).isTrue();

        assertThat(stallAborted.await(10, TimeUnit.SECONDS)).as("the server's consumer saw the cancel").isTrue();
        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight(client) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the server's CANCELLED answer frees the sequence
        }
        assertThat(inFlight(client)).isZero();
    }

    @Test
    void anUploadWithoutAChunkedWriteHandlerFailsWithAClearError() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpClientCodec(), new HbtpClientHandler());
        HbtpClientHandler handler = ch.pipeline().get(HbtpClientHandler.class);
        ByteBuf args = HbtpTestSupport.pooled(new byte[] {1, 2});

        CompletableFuture<HbtpResponse> f = handler.upload(SUM, args, new ChunkedStream(bytes(10)),
                HbtpCallOptions.DEFAULT);

        assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ChunkedWriteHandler");
        assertThat(args.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
