package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.internal.HbtpReadGate;
import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Back-pressure: a connection that is unwritable is not read, so a peer that does not read is held back. */
class HbtpWritabilityGateTest {

    private static final int CALLS = 8_000;
    private static final int ARGUMENT_BYTES = 4096;
    private static final int LOW_WATER = 32 << 10;
    private static final int HIGH_WATER = 64 << 10;
    private static final int MAX_READ = 64 << 10;

    /** Makes the channel unwritable by queuing (not flushing) more than its high-water mark. */
    private static void fillOutbound(EmbeddedChannel ch) {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.write(HbtpTestSupport.pooled(new byte[64]));
        assertThat(ch.isWritable()).isFalse();
    }

    @Test
    void readingPausesWhileUnwritableAndResumesWhenWritable() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWritabilityGate());
        fillOutbound(ch);
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(HbtpReadGate.of(ch).isPaused(HbtpReadGate.UNWRITABLE)).isTrue();
        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(HbtpReadGate.of(ch).reasons()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void readingTheApplicationTurnedOffStaysOff() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWritabilityGate());
        ch.config().setAutoRead(false); // the application reads by hand
        fillOutbound(ch);
        ch.flush();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void removingTheGateResumesReading() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWritabilityGate());
        fillOutbound(ch);
        ch.pipeline().remove(HbtpWritabilityGate.class);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void gateAndStreamReceiverDoNotUndoEachOther() {
        List<HbtpStreamSubscription> subscriptions = new ArrayList<>();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4, HbtpRouteTable.builder().upload(3, (c, s, a) ->
                new HbtpStreamConsumer() {
                    @Override
                    public void onOpen(HbtpStreamSubscription s) {
                        subscriptions.add(s); // no demand yet
                    }

                    @Override
                    public void onChunk(ByteBuf data) {
                    }

                    @Override
                    public void onEnd(ByteBuf data) {
                    }

                    @Override
                    public void onAbort() {
                    }
                }).build()).maxQueuedChunks(2);
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWritabilityGate(), receiver);

        // a full stream queue, then unwritable: the stream draining does not resume reading
        fillStream(ch, 5);
        assertThat(receiver.isReadingPaused()).isTrue();
        assertThat(ch.config().isAutoRead()).isFalse();
        fillOutbound(ch);
        subscriptions.get(0).request(Long.MAX_VALUE);
        assertThat(receiver.isReadingPaused()).isFalse();
        assertThat(ch.config().isAutoRead()).as("still unwritable").isFalse();
        ch.flush();
        assertThat(ch.config().isAutoRead()).isTrue();

        // unwritable, then a full stream queue: becoming writable does not resume reading
        fillOutbound(ch);
        fillStream(ch, 6);
        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).as("a stream queue is still full").isFalse();
        subscriptions.get(1).request(Long.MAX_VALUE);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    /** Opens stream {@code seq} on route 3 and sends it two chunks, which its consumer does not want yet. */
    private static void fillStream(EmbeddedChannel ch, int seq) {
        ch.writeInbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, seq, HbtpTestSupport.pooled(new byte[] {3, 0})));
        for (int i = 0; i < 2; i++) {
            ch.writeInbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, seq, HbtpTestSupport.pooled(new byte[] {1})));
        }
    }

    /**
     * A client sends 8,000 calls of 4 KiB and reads nothing. Without the gate the server reads them all
     * and queues every answer (about 34 MB); with it the server stops reading once its outbound buffer
     * passes the high-water mark, so what it queues stays near the high-water mark plus the answers to one
     * read. When the client starts reading, every call is answered.
     */
    @Test
    @Timeout(120)
    void aPeerThatDoesNotReadIsNotAnsweredWithoutBound() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HbtpRouteTable routes = HbtpRouteTable.builder().route(1, ex -> {
            handled.incrementAndGet();
            ex.respond(ex.arguments().retain());
        }).build();
        HbtpCodecConfig plain = new HbtpCodecConfig().compressionThreshold(0); // sizes on the wire are known
        AtomicLong peakPending = new AtomicLong();
        List<Channel> accepted = new ArrayList<>();
        BitSet answered = new BitSet();
        AtomicInteger badAnswers = new AtomicInteger();
        CountDownLatch allAnswered = new CountDownLatch(CALLS);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.SO_SNDBUF, 64 << 10) // small kernel buffers: the server
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER))
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.add(ch);
                            // first in the pipeline: sees every write land in the outbound buffer
                            ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                                @Override
                                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                                    ctx.write(msg, promise);
                                    long pending = ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
                                    if (pending > peakPending.get()) {
                                        peakPending.set(pending);
                                    }
                                }
                            });
                            ch.pipeline().addLast(new HbtpServerCodec(plain), new HbtpWritabilityGate(),
                                    new HbtpControlHandler(), new HbtpRouter(routes));
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false) // reads nothing until the test says so
                    .option(ChannelOption.SO_RCVBUF, 64 << 10) // cannot park thousands of answers there
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HbtpClientCodec(plain), new Caller(), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    HbtpFrame f = (HbtpFrame) msg;
                                    try {
                                        ByteBuf c = f.content();
                                        if (f.opcode() != HbtpOpcode.RPC_RESPONSE.code() || c.readableBytes() != ARGUMENT_BYTES
                                                || c.getByte(c.readerIndex()) != (byte) f.sequence() || answered.get(f.sequence())) {
                                            badAnswers.incrementAndGet();
                                        }
                                        answered.set(f.sequence());
                                    } finally {
                                        f.release();
                                    }
                                    allAnswered.countDown();
                                }
                            });
                        }
                    }).connect(server.localAddress()).sync().channel();

            // Wait (no timing assertion) until the server stops handling calls, or has handled all of them.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int last = -1;
            int still = 0;
            while (still < 10 && handled.get() < CALLS && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                int now = handled.get();
                still = now == last ? still + 1 : 0;
                last = now;
            }
            Channel serverSide = accepted.get(0);
            long peak = serverSide.eventLoop().submit(peakPending::get).get();
            // The high-water mark, the read during which it was crossed (its frames are all answered), a
            // call completed from the previous read's tail, and each answer's ChannelOutboundBuffer entry
            // overhead (about 100 bytes).
            int answerSize = HbtpHeader.SIZE + ARGUMENT_BYTES + 128;
            long bound = HIGH_WATER + (MAX_READ / (HbtpHeader.SIZE + 2 + ARGUMENT_BYTES) + 2) * (long) answerSize;
            System.out.printf("unread peer: server handled %d of %d calls, peak queued %d bytes (high-water %d, bound %d)%n",
                    handled.get(), CALLS, peak, HIGH_WATER, bound);
            assertThat(handled.get()).as("the server stopped reading").isLessThan(CALLS);
            assertThat(peak).as("bytes queued for a peer that does not read").isLessThanOrEqualTo(bound);
            assertThat(serverSide.config().isAutoRead()).isFalse();

            client.config().setAutoRead(true);
            assertThat(allAnswered.await(60, TimeUnit.SECONDS)).as("answered %s of %s", answered.cardinality(), CALLS)
                    .isTrue();
            assertThat(badAnswers.get()).isZero();
            assertThat(serverSide.eventLoop().submit(peakPending::get).get()).isLessThanOrEqualTo(bound);
            assertThat(serverSide.config().isAutoRead()).isTrue();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    /** Sends {@link #CALLS} calls of 4 KiB on route 1 while the channel is writable (pooled direct buffers). */
    private static final class Caller extends ChannelInboundHandlerAdapter {
        private int sent;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        private void pump(ChannelHandlerContext ctx) {
            boolean wrote = false;
            while (sent < CALLS && ctx.channel().isWritable()) {
                int seq = sent++;
                ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer(2 + ARGUMENT_BYTES);
                body.writeShortLE(1).writeZero(ARGUMENT_BYTES).setByte(2, seq);
                ctx.write(HbtpFrame.newInstance(HbtpOpcode.RPC_CALL, HbtpFlags.EXPECTS_RESPONSE, seq, body),
                        ctx.voidPromise());
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }
    }
}
