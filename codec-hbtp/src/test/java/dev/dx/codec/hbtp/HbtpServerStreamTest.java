package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server streams (spec §7, §11.3): one route table for calls and streams, credits honoured by the server's
 * sink and enforced by the client, cancellation (§11.2), and the same interceptors as calls; over real
 * sockets on {@link DxReactor}, with the codec-level §11.3 violations on an {@link EmbeddedChannel}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HbtpServerStreamTest {

    private static final int COUNT = 1;   // streams "item-0" .. "item-(n-1)", n from the arguments
    private static final int HOLD = 2;    // keeps the stream open, sends nothing
    private static final int GUARDED = 3; // refused by the interceptor
    private static final int CALL = 4;    // a call that records its sequence
    private static final int UPLOAD = 5;  // an upload route of the stream receiver

    private static DxReactor reactor;
    private static Listener server;
    private static final List<HbtpServerStream> held = new CopyOnWriteArrayList<>();
    private static final List<Integer> callSequences = new CopyOnWriteArrayList<>();
    /** trySend calls refused for want of credit, over all COUNT streams. */
    private static final AtomicInteger refusedSends = new AtomicInteger();
    private static final AtomicInteger uploads = new AtomicInteger();
    private final List<HbtpClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    if (ex.route() == GUARDED) {
                        ex.fail(HbtpErrorCode.UNAUTHORIZED, "not for you");
                    } else {
                        next.handle(ex);
                    }
                })
                .stream(COUNT, HbtpServerStreamTest::count)
                .stream(HOLD, held::add)
                .stream(GUARDED, stream -> stream.end())
                .route(CALL, ex -> {
                    callSequences.add(ex.sequence());
                    ex.respond(ex.alloc().buffer(0));
                })
                .build();
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(),
                        new HbtpStreamReceiver(8, HbtpRouteTable.builder().upload(UPLOAD, (channel, seq, args) -> {
                            uploads.incrementAndGet();
                            return new NullConsumer();
                        }).build()),
                        new HbtpRouter(routes));
            }
        });
    }

    /** Sends n items, as many as the credit allows at a time, resuming on each grant (a pull-driven producer). */
    private static void count(HbtpServerStream stream) {
        int n = stream.arguments().readInt();
        int[] next = {0};
        Runnable pump = () -> {
            while (next[0] < n) {
                if (!stream.trySend(stream.alloc().buffer().writeBytes(("item-" + next[0]).getBytes(StandardCharsets.UTF_8)))) {
                    refusedSends.incrementAndGet();
                    return; // no credit: onCredit resumes
                }
                next[0]++;
            }
            stream.respond(stream.alloc().buffer().writeBytes("done".getBytes(StandardCharsets.UTF_8)));
        };
        stream.onCredit(pump);
        pump.run();
    }

    private static final class NullConsumer implements HbtpStreamConsumer {
        @Override
        public void onOpen(HbtpStreamSubscription subscription) {
        }

        @Override
        public void onChunk(ByteBuf chunk) {
        }

        @Override
        public void onEnd(ByteBuf data) {
        }

        @Override
        public void onAbort() {
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
        held.forEach(HbtpServerStream::end);
        held.clear();
    }

    private HbtpClient connect() throws Exception {
        HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), server.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    private static ByteBuf count(int n) {
        return HbtpTestSupport.pooledBuffer().writeInt(n);
    }

    /** Records what a stream delivers; grants one more chunk per chunk when {@code regrant} is set. */
    private static final class Recorder implements HbtpStreamObserver {
        final List<String> items = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> end = new CompletableFuture<>();
        final AtomicInteger errors = new AtomicInteger();
        final boolean regrant;
        volatile HbtpClientStream stream;

        Recorder(boolean regrant) {
            this.regrant = regrant;
        }

        @Override
        public void onStart(HbtpClientStream stream) {
            this.stream = stream;
        }

        @Override
        public void onNext(ByteBuf chunk) {
            items.add(chunk.toString(StandardCharsets.UTF_8));
            if (regrant) {
                stream.request(1);
            }
        }

        @Override
        public void onEnd(ByteBuf data, HbtpMetadata metadata) {
            end.complete(data.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onError(HbtpRpcException error) {
            errors.incrementAndGet();
            end.completeExceptionally(error);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(5);
        }
    }

    /** §11.3: with hbtp-credit 2 and one grant per chunk, all 50 items arrive in order, then the End. */
    @Test
    void creditsGrantedOneByOneCarryTheWholeStream() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(true);
        r.stream = c.stream(COUNT, count(50), HbtpCallOptions.DEFAULT, 2, r);
        assertThat(r.end.get(20, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(r.items).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(r.items.get(i)).isEqualTo("item-" + i);
        }
        assertThat(r.errors.get()).isZero();
        await(() -> c.inFlight() == 0);
    }

    /**
     * §11.3: credit exhausted: with 3 credits the server's sink sends 3 chunks and refuses the 4th (the
     * producer waits); a grant of 2 lets 2 more through; a large grant finishes the stream.
     */
    @Test
    void aSinkStopsAtTheCreditAndResumesOnAGrant() throws Exception {
        HbtpClient c = connect();
        int refusedBefore = refusedSends.get();
        Recorder r = new Recorder(false);
        r.stream = c.stream(COUNT, count(10), HbtpCallOptions.DEFAULT, 3, r);
        await(() -> r.items.size() == 3 && refusedSends.get() == refusedBefore + 1);
        Thread.sleep(100); // nothing more may come without credit (a violation would fail the stream)
        assertThat(r.items).hasSize(3);
        r.stream.request(2);
        await(() -> r.items.size() == 5 && refusedSends.get() == refusedBefore + 2);
        r.stream.request(100);
        assertThat(r.end.get(20, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(r.items).hasSize(10);
    }

    /** Without hbtp-credit the stream is not limited by credits (earlier behaviour). */
    @Test
    void aStreamWithoutCreditIsUnlimited() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(false);
        r.stream = c.stream(COUNT, count(200), HbtpCallOptions.DEFAULT, -1, r);
        assertThat(r.end.get(20, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(r.items).hasSize(200);
    }

    /** §11.2: cancelling a stream sends RpcCancel; the server's stream is cancelled; the observer hears once. */
    @Test
    void cancellingAStreamEndsItOnBothSides() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(false);
        r.stream = c.stream(HOLD, count(0), HbtpCallOptions.DEFAULT, 5, r);
        await(() -> held.size() == 1);
        HbtpServerStream s = held.get(0);
        r.stream.cancel();
        await(s::isCancelled);
        assertThat(s.outcome()).isEqualTo(HbtpErrorCode.CANCELLED.code());
        assertThat(s.trySend(HbtpTestSupport.pooled("late"))).isFalse(); // released, not sent
        assertThat(s.credit()).isZero();
        await(() -> c.inFlight() == 0); // the server's CANCELLED freed the sequence
        assertThat(r.errors.get()).isEqualTo(1);
        assertThat(r.stream.isDone()).isTrue();
    }

    /** Streams run through the same interceptors as calls. */
    @Test
    void interceptorsGuardStreamsToo() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(false);
        r.stream = c.stream(GUARDED, count(0), HbtpCallOptions.DEFAULT, 1, r);
        try {
            r.end.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected UNAUTHORIZED");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(((HbtpRpcException) e.getCause()).errorCode()).isEqualTo(HbtpErrorCode.UNAUTHORIZED);
        }
    }

    /** Streams and calls take their sequences from one table: an open stream's is never given to a call. */
    @Test
    void streamsAndCallsShareTheSequenceAllocator() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(false);
        r.stream = c.stream(HOLD, count(0), HbtpCallOptions.DEFAULT, 1, r);
        await(() -> held.size() == 1);
        int streamSeq = held.get(0).sequence();
        callSequences.clear();
        for (int i = 0; i < 20; i++) {
            c.call(CALL, HbtpTestSupport.pooledBuffer()).get(20, TimeUnit.SECONDS).release();
        }
        assertThat(callSequences).hasSize(20).doesNotContain(streamSeq);
        assertThat(c.inFlight()).isEqualTo(1);
    }

    /** A stream receiver in front passes on starts for routes it does not serve; the router serves them. */
    @Test
    void uploadRoutesAndServerStreamsLiveInOnePipeline() throws Exception {
        HbtpClient c = connect();
        Recorder r = new Recorder(false);
        r.stream = c.stream(COUNT, count(3), HbtpCallOptions.DEFAULT, -1, r);
        assertThat(r.end.get(20, TimeUnit.SECONDS)).isEqualTo("done");
        int before = uploads.get();
        c.channel().writeAndFlush(HbtpFrame.rpcStreamStart(c.channel().alloc(), 50_000, UPLOAD, HbtpMetadata.EMPTY,
                HbtpTestSupport.pooledBuffer())).sync();
        await(() -> uploads.get() == before + 1);
        Recorder missing = new Recorder(false);
        missing.stream = c.stream(99, count(0), HbtpCallOptions.DEFAULT, -1, missing);
        try {
            missing.end.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected ROUTE_NOT_FOUND");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(((HbtpRpcException) e.getCause()).errorCode()).isEqualTo(HbtpErrorCode.ROUTE_NOT_FOUND);
        }
    }

    // ---- §11.3 violations, codec level ------------------------------------------------------------

    private static HbtpFrame onlyFrameWritten(EmbeddedChannel ch) {
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            List<HbtpFrame> frames = HbtpTestSupport.decodeAll(ByteBufUtil.getBytes(out), new HbtpCodecConfig(), false);
            assertThat(frames).hasSize(1);
            return frames.get(0);
        } finally {
            out.release();
        }
    }

    private static ByteBuf wire(HbtpFrame frame) {
        EmbeddedChannel enc = new EmbeddedChannel(new HbtpServerCodec());
        enc.writeOutbound(frame);
        ByteBuf b = HbtpTestSupport.drainOutbound(enc);
        enc.finishAndReleaseAll();
        try {
            return HbtpTestSupport.pooled(ByteBufUtil.getBytes(b));
        } finally {
            b.release();
        }
    }

    /** §11.3: a chunk beyond the credit the client granted is BAD_FRAME (fatal) at the client. */
    @Test
    void aChunkWithoutCreditIsBadFrameAtTheClient() {
        EmbeddedChannel ch = new EmbeddedChannel();
        HbtpClient.initPipeline(ch.pipeline(), new HbtpClientConfig());
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        Recorder r = new Recorder(false);
        r.stream = h.stream(COUNT, count(5), HbtpCallOptions.DEFAULT, 1, r);
        ch.runPendingTasks(); // the client flushes once per loop turn
        HbtpFrame start = onlyFrameWritten(ch);
        int seq = start.sequence();
        assertThat(start.credit()).isEqualTo(1);
        start.release();
        ch.writeInbound(wire(HbtpFrame.rpcStreamChunk(seq, HbtpTestSupport.pooled("one"))));
        assertThat(r.items).containsExactly("one");
        ch.writeInbound(wire(HbtpFrame.rpcStreamChunk(seq, HbtpTestSupport.pooled("two"))));
        ch.runPendingTasks();
        HbtpFrame close = onlyFrameWritten(ch);
        try {
            assertThat(close.type()).isEqualTo(HbtpOpcode.CLOSE);
            assertThat(close.errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
            assertThat(close.errorMessage()).contains("without credit");
        } finally {
            close.release();
        }
        assertThat(r.items).containsExactly("one");
        assertThat(r.errors.get()).isEqualTo(1);
        assertThat(r.end).isCompletedExceptionally();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    private static EmbeddedChannel serverChannel() {
        HbtpRouteTable routes = HbtpRouteTable.builder().stream(HOLD, s -> { }).build();
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
    }

    /** §11.3: an RpcStreamCredit of 0 credits is BAD_FRAME. */
    @Test
    void aGrantOfZeroIsBadFrame() {
        EmbeddedChannel ch = serverChannel();
        ch.writeInbound(HbtpTestSupport.pooled(HbtpTestSupport.hex("37 00 05 00 04 00 00 00 00 00 00 00")));
        HbtpFrame close = onlyFrameWritten(ch);
        try {
            assertThat(close.errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
            assertThat(close.errorMessage()).contains("0 credits");
        } finally {
            close.release();
            ch.finishAndReleaseAll();
        }
    }

    /** §11.3: a grant that takes the total past 2^32-1 is BAD_FRAME; a grant for no open stream is ignored. */
    @Test
    void aGrantPastTheMaximumIsBadFrameAndOneForNoStreamIsIgnored() {
        EmbeddedChannel ch = serverChannel();
        HbtpMetadata credit = HbtpMetadata.of(HbtpMetadataKey.CREDIT, 0xFFFF_FFF0L);
        ch.writeInbound(wire(HbtpFrame.rpcStreamStart(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 7, HOLD, credit,
                HbtpTestSupport.pooledBuffer())));
        ch.writeInbound(wire(HbtpFrame.rpcStreamCredit(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 8, 100)));
        assertThat(HbtpTestSupport.drainOutbound(ch).release()).isTrue(); // nothing but an empty buffer
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(wire(HbtpFrame.rpcStreamCredit(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 7, 15)));
        assertThat(ch.isOpen()).isTrue(); // exactly 2^32-1: allowed
        ch.writeInbound(wire(HbtpFrame.rpcStreamCredit(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 7, 1)));
        HbtpFrame close = onlyFrameWritten(ch);
        try {
            assertThat(close.errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
            assertThat(close.errorMessage()).contains("past 2^32-1");
        } finally {
            close.release();
            ch.finishAndReleaseAll();
        }
    }
}
