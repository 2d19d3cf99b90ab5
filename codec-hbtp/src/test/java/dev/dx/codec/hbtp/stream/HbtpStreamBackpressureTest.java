package dev.dx.codec.hbtp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inbound stream demand: a consumer that pauses bounds what the receiver holds, and loses nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpStreamBackpressureTest {

    /** A consumer that asks for nothing until the test says so, and records what it gets. */
    static final class Paced implements HbtpStreamConsumer {
        final List<String> chunks = new ArrayList<>();
        HbtpStreamSubscription subscription;
        String end;
        boolean aborted;
        int throwAt = -1;

        @Override
        public void onOpen(HbtpStreamSubscription s) {
            subscription = s; // no request: the consumer is not ready yet
        }

        @Override
        public void onChunk(ByteBuf data) {
            if (chunks.size() == throwAt) {
                throw new IllegalStateException("consumer broke at " + throwAt);
            }
            chunks.add(data.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd(ByteBuf data) {
            end = data.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void onAbort() {
            aborted = true;
        }
    }

    private static List<String> names(String prefix, int from, int to) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(prefix + i);
        }
        return l;
    }

    /** Encodes a start on route 3, {@code chunks} chunks "c0".. and (optionally) an end "end" into {@code ch}. */
    private static void feed(EmbeddedChannel ch, int seq, int chunks, boolean end) {
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec());
        writer.writeOutbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, seq, Unpooled.wrappedBuffer(new byte[] {3, 0})));
        for (int i = 0; i < chunks; i++) {
            writer.writeOutbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, seq,
                    Unpooled.copiedBuffer("c" + i, StandardCharsets.UTF_8)));
        }
        if (end) {
            writer.writeOutbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, seq,
                    Unpooled.copiedBuffer("end", StandardCharsets.UTF_8)));
        }
        for (Object o; (o = writer.readOutbound()) != null; ) {
            ch.writeInbound(o);
        }
        assertFalse(writer.finish());
    }

    private static EmbeddedChannel server(HbtpStreamReceiver receiver) {
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), receiver);
    }

    @Test
    void chunksWaitInOrderForDemandAndReadingPausesAtTheBound() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(4);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 5, 10, true);

        assertThat(consumer.chunks).isEmpty();
        assertThat(receiver.queuedChunks()).isEqualTo(11); // EmbeddedChannel pushes everything: 10 chunks + end
        assertThat(consumer.subscription.queuedChunks()).isEqualTo(11);
        assertThat(receiver.isReadingPaused()).isTrue();
        assertThat(ch.config().isAutoRead()).isFalse();

        consumer.subscription.request(3);
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 3));
        assertThat(receiver.isReadingPaused()).isTrue();
        consumer.subscription.request(6);
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 9));
        assertThat(receiver.queuedChunks()).isEqualTo(2); // c9 + end: down to half the bound
        assertThat(receiver.isReadingPaused()).isFalse();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(consumer.end).isNull();

        consumer.subscription.request(1); // the end needs no demand of its own
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 10));
        assertThat(consumer.end).isEqualTo("end");
        assertThat(receiver.openStreams()).isZero();
        assertThat(receiver.queuedChunks()).isZero();
        assertThat(receiver.peakQueuedChunks()).isEqualTo(11);
        assertThat(consumer.aborted).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void theByteBoundPausesReadingWhileTheChunkBoundIsFarAway() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(1000).maxQueuedBytes(10);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 5, 10, true); // c0..c9 (2 bytes each) and "end": 23 bytes

        assertThat(receiver.queuedBytes()).isEqualTo(23);
        assertThat(consumer.subscription.queuedBytes()).isEqualTo(23);
        assertThat(receiver.isReadingPaused()).isTrue();
        consumer.subscription.request(8);
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 8));
        assertThat(receiver.queuedBytes()).isEqualTo(7); // c8, c9, end: still above half of 10
        assertThat(receiver.isReadingPaused()).isTrue();
        consumer.subscription.request(1);
        assertThat(receiver.queuedBytes()).isEqualTo(5);
        assertThat(receiver.isReadingPaused()).isFalse();
        assertThat(ch.config().isAutoRead()).isTrue();
        consumer.subscription.request(1);
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 10));
        assertThat(consumer.end).isEqualTo("end");
        assertThat(receiver.queuedBytes()).isZero();
        assertThat(receiver.peakQueuedBytes()).isEqualTo(23);
        assertFalse(ch.finish());
    }

    @Test
    void compressedChunksCountTheirDecompressedBytes() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(1,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(1000).maxQueuedBytes(64 * 1024);
        HbtpCodecConfig compressing = new HbtpCodecConfig().compressionThreshold(1024); // the default
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(compressing), new HbtpControlHandler(), receiver);
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec(compressing));
        writer.writeOutbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, 7, Unpooled.wrappedBuffer(new byte[] {3, 0})));
        long wire = 0;
        for (int i = 0; i < 4; i++) { // 4 × 32 KiB of zeroes: a few dozen bytes each on the wire
            writer.writeOutbound(new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, 7, Unpooled.buffer().writeZero(32 * 1024)));
        }
        for (ByteBuf o; (o = writer.readOutbound()) != null; ) {
            wire += o.readableBytes();
            ch.writeInbound(o);
        }
        assertFalse(writer.finish());
        assertThat(wire).isLessThan(4 * 1024); // compressed on the wire...
        assertThat(receiver.queuedBytes()).isEqualTo(4 * 32 * 1024); // ...but held decompressed
        assertThat(receiver.isReadingPaused()).isTrue();
        consumer.subscription.request(Long.MAX_VALUE);
        assertThat(consumer.chunks).hasSize(4);
        assertThat(receiver.queuedBytes()).isZero();
        assertThat(receiver.isReadingPaused()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void aConsumerAskingForOneChunkAtATimeFromOnChunkGetsAllInOrderWithoutQueueing() {
        List<String> got = new ArrayList<>();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(1, HbtpRouteTable.builder().upload(3, (c, s, a) ->
                new HbtpStreamConsumer() {
                    HbtpStreamSubscription sub;

                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        sub = subscription;
                        sub.request(1);
                    }

                    @Override
                    public void onChunk(ByteBuf data) {
                        got.add(data.toString(StandardCharsets.UTF_8));
                        sub.request(1); // re-entrant: takes effect after this call returns
                    }

                    @Override
                    public void onEnd(ByteBuf data) {
                        got.add("end");
                    }
                }).build()).maxQueuedChunks(2);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 9, 50, true);
        List<String> expected = names("c", 0, 50);
        expected.add("end");
        assertThat(got).isEqualTo(expected);
        assertThat(receiver.peakQueuedChunks()).isEqualTo(1);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void closingTheChannelReleasesQueuedChunksAndAbortsTheStream() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(2);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 5, 6, false);
        assertThat(receiver.queuedChunks()).isEqualTo(6);
        ch.close();
        assertThat(consumer.aborted).isTrue();
        assertThat(consumer.chunks).isEmpty();
        assertThat(receiver.queuedChunks()).isZero();
        assertThat(receiver.openStreams()).isZero();
        consumer.subscription.request(10); // too late: nothing left to deliver, nothing thrown
        assertThat(consumer.chunks).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void removingTheReceiverReleasesQueuedChunksAndGivesAutoReadBack() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(2);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 5, 6, false);
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.pipeline().remove(receiver);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(consumer.aborted).isTrue();
        assertThat(receiver.queuedChunks()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aConsumerThatThrowsOnAQueuedChunkEndsItsStreamAndTheRestIsReleased() {
        Paced consumer = new Paced();
        consumer.throwAt = 2;
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build()).maxQueuedChunks(3);
        EmbeddedChannel ch = server(receiver);
        feed(ch, 6, 8, true);
        assertThat(ch.config().isAutoRead()).isFalse();
        consumer.subscription.request(Long.MAX_VALUE);
        assertThat(consumer.chunks).isEqualTo(names("c", 0, 2));
        assertThat(consumer.aborted).isTrue();
        assertThat(consumer.end).isNull();
        assertThat(receiver.queuedChunks()).isZero();
        assertThat(receiver.openStreams()).isZero();
        assertThat(ch.config().isAutoRead()).isTrue();
        ByteBuf err = ch.readOutbound();
        try {
            assertThat(err.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_ERROR.code());
            assertThat(err.getUnsignedShortLE(2)).isEqualTo(6);
            assertThat(err.getUnsignedShortLE(8)).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        } finally {
            err.release();
        }
        feed(ch, 6, 0, false); // a new stream may reuse the sequence now
        assertThat(receiver.openStreams()).isEqualTo(1);
        assertFalse(ch.finish());
    }

    private static ByteBuf fileChunk(long offset, String data) {
        ByteBuf b = Unpooled.buffer();
        b.writeIntLE(0xCAFE).writeLongLE(offset).writeCharSequence(data, StandardCharsets.UTF_8);
        return b;
    }

    @Test
    void fileChunksAreStreamsWithTheSameDemandAndBound() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(2).maxQueuedChunks(2).files((c, s, a) -> {
            assertThat(a.readableBytes()).isZero();
            return consumer;
        });
        EmbeddedChannel ch = server(receiver);
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec());
        writer.writeOutbound(new HbtpFrame(HbtpOpcode.FILE_CHUNK, 0, 4, fileChunk(0, "f0")),
                new HbtpFrame(HbtpOpcode.FILE_CHUNK, 0, 4, fileChunk(2, "f1")),
                new HbtpFrame(HbtpOpcode.FILE_CHUNK, HbtpFlags.FINAL, 4, fileChunk(4, "f2")));
        for (Object o; (o = writer.readOutbound()) != null; ) {
            ch.writeInbound(o);
        }
        assertFalse(writer.finish());
        assertThat(receiver.openStreams()).isEqualTo(1);
        assertThat(receiver.queuedChunks()).isEqualTo(3);
        assertThat(ch.config().isAutoRead()).isFalse();
        consumer.subscription.request(2);
        assertThat(consumer.chunks).hasSize(2);
        assertThat(consumer.chunks.get(1)).endsWith("f1"); // whole body: id, offset, data
        assertThat(consumer.end).endsWith("f2");
        assertThat(receiver.openStreams()).isZero();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void demandIsChecked() {
        Paced consumer = new Paced();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(1,
                HbtpRouteTable.builder().upload(3, (c, s, a) -> consumer).build());
        EmbeddedChannel ch = server(receiver);
        feed(ch, 1, 0, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> consumer.subscription.request(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n : 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> receiver.maxQueuedChunks(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedChunks : 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> receiver.maxQueuedBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedBytes : 0");
        assertThat(consumer.subscription.sequence()).isEqualTo(1);
        assertFalse(ch.finish());
    }

    /** The stream's bytes: byte i is (byte) i. */
    private static InputStream pattern(long total, AtomicLong produced) {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int available() {
                return (int) Math.max(0, total - produced.get());
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = total - produced.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                long p = produced.get();
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (p + i);
                }
                produced.addAndGet(n);
                return n;
            }
        };
    }

    @Test
    void aPausedConsumerOverASocketHoldsTheSenderBackAndThenGetsEveryByteInOrder() throws Exception {
        int chunk = 1024;
        int total = 2 << 20; // 2,048 chunks
        int bound = 8;
        int readSize = 8192;
        AtomicLong produced = new AtomicLong();
        AtomicLong receivedBytes = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicReference<HbtpStreamSubscription> subscription = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(1, HbtpRouteTable.builder().upload(1, (c, seq, args) ->
                new HbtpStreamConsumer() {
                    @Override
                    public void onOpen(HbtpStreamSubscription s) {
                        subscription.set(s); // a slow consumer: asks for nothing yet
                        opened.countDown();
                    }

                    @Override
                    public void onChunk(ByteBuf data) {
                        byte[] bytes = new byte[data.readableBytes()];
                        data.getBytes(data.readerIndex(), bytes); // one access: paranoid leak records are costly
                        long pos = receivedBytes.get();
                        for (byte b : bytes) {
                            if (b != (byte) pos++) {
                                outOfOrder.incrementAndGet();
                            }
                        }
                        receivedBytes.set(pos);
                    }

                    @Override
                    public void onEnd(ByteBuf data) {
                        ended.countDown();
                    }
                }).build()).maxQueuedChunks(bound);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            List<Channel> accepted = new ArrayList<>();
            List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>(); // what each read brought
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 16 << 10) // before listen: sets the window it offers
                    .childOption(ChannelOption.SO_RCVBUF, 16 << 10)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(readSize).maxMessagesPerRead(1))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.add(ch);
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    reads.add((ctx.channel().config().isAutoRead() ? "" : "paused:")
                                            + ((ByteBuf) msg).readableBytes() + "/q" + receiver.queuedChunks());
                                    ctx.fireChannelRead(msg);
                                }
                            });
                            ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), receiver);
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
                    .option(ChannelOption.SO_SNDBUF, 16 << 10)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // no compression: each chunk is 8 + 1024 bytes on the wire, so a read's frames are known
                            ch.pipeline().addLast(new HbtpClientCodec(new HbtpCodecConfig().compressionThreshold(0)),
                                    new ChunkedWriteHandler());
                        }
                    }).connect(server.localAddress()).sync().channel();
            client.writeAndFlush(new HbtpStreamInput(1, 1, Unpooled.EMPTY_BUFFER,
                    new ChunkedStream(pattern(total, produced), chunk)));
            assertThat(opened.await(10, TimeUnit.SECONDS)).isTrue();
            Channel serverSide = accepted.get(0);
            Callable<Boolean> paused = receiver::isReadingPaused;
            // wait (no timing assertion) until the receiver paused and the sender stopped producing
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long last = -1;
            int still = 0;
            while (still < 5 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                long now = produced.get();
                boolean isPaused = serverSide.eventLoop().submit(paused).get();
                still = isPaused && now == last ? still + 1 : 0;
                last = now;
            }
            assertThat(still).as("sender stalled while the consumer paused").isEqualTo(5);
            int peak = serverSide.eventLoop().submit(receiver::peakQueuedChunks).get();
            // The bound is reached in the middle of a read, whose remaining frames (plus one completed from
            // the previous read's tail) still arrive: the queue is bounded by the window and the read size,
            // not by the 2,048 chunks of the stream.
            int framesPerRead = readSize / (8 + chunk) + 1;
            int limit = bound + framesPerRead;
            assertThat(receivedBytes.get()).isZero();
            assertThat(peak).as("queued chunks stay bounded by the window plus the reads under way; reads %s",
                    reads.subList(Math.max(0, reads.size() - 12), reads.size()))
                    .isLessThanOrEqualTo(limit);
            assertThat(produced.get()).as("the sender was held back").isLessThan(total / 2);
            assertThat(serverSide.config().isAutoRead()).isFalse();
            System.out.printf("paused consumer: peak %d queued chunks (bound %d), sender produced %d of %d bytes%n",
                    peak, bound, produced.get(), total);

            subscription.get().request(Long.MAX_VALUE); // from the test thread: hops to the event loop
            assertThat(ended.await(60, TimeUnit.SECONDS)).as("received %s of %s", receivedBytes, total).isTrue();
            assertThat(receivedBytes.get()).isEqualTo(total);
            assertThat(outOfOrder.get()).isZero();
            assertThat(serverSide.eventLoop().submit(receiver::queuedChunks).get()).isZero();
            assertThat(serverSide.eventLoop().submit(receiver::peakQueuedChunks).get()).isLessThanOrEqualTo(limit);
            assertThat(serverSide.config().isAutoRead()).isTrue();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
