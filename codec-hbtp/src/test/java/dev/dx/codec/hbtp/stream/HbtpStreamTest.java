package dev.dx.codec.hbtp.stream;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec §7 streams and §4 FileChunk: framing, dispatch by sequence, and writability on a real socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpStreamTest {

    /** Collects a stream's bytes. */
    static final class Collect implements HbtpStreamConsumer {
        final ByteBuf data = Unpooled.buffer();
        boolean ended;
        boolean aborted;

        @Override
        public void onChunk(ByteBuf chunk) {
            data.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        }

        @Override
        public void onEnd(ByteBuf last) {
            data.writeBytes(last, last.readerIndex(), last.readableBytes());
            ended = true;
        }

        @Override
        public void onAbort() {
            aborted = true;
        }
    }

    @Test
    void streamFramesShareOneSequenceAndEndWithFinal() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkedWriteHandler());
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        ch.writeAndFlush(new HbtpStreamInput(42, 3, Unpooled.copiedBuffer("args", StandardCharsets.UTF_8),
                new ChunkedStream(new ByteArrayInputStream(payload), 4096)));
        List<HbtpFrame> frames = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            frames.add((HbtpFrame) o);
        }
        try {
            assertThat(frames).extracting(HbtpFrame::type).containsExactly(HbtpOpcode.RPC_STREAM_START,
                    HbtpOpcode.RPC_STREAM_CHUNK, HbtpOpcode.RPC_STREAM_CHUNK, HbtpOpcode.RPC_STREAM_CHUNK,
                    HbtpOpcode.RPC_STREAM_END);
            assertThat(frames).extracting(HbtpFrame::sequence).containsOnly(42);
            assertThat(frames.get(0).route()).isEqualTo(3);
            assertThat(frames.get(4).hasFlag(HbtpFlags.FINAL)).isTrue();
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void fileChunksCarryIdAndOffsetAndFinalOnTheLast() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new ChunkedWriteHandler());
        ch.writeAndFlush(new HbtpFileChunkInput(7, 0xCAFEL, 100, new ChunkedStream(
                new ByteArrayInputStream(new byte[2500]), 1000)));
        List<HbtpFrame> frames = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            frames.add((HbtpFrame) o);
        }
        try {
            assertThat(frames).hasSize(3);
            long[] offsets = {100, 1100, 2100};
            for (int i = 0; i < 3; i++) {
                ByteBuf b = frames.get(i).content();
                assertThat(frames.get(i).type()).isEqualTo(HbtpOpcode.FILE_CHUNK);
                assertThat(b.getUnsignedIntLE(0)).isEqualTo(0xCAFEL);
                assertThat(b.getLongLE(4)).isEqualTo(offsets[i]);
                assertThat(frames.get(i).hasFlag(HbtpFlags.FINAL)).isEqualTo(i == 2);
            }
            assertThat(frames.get(2).content().readableBytes()).isEqualTo(12 + 500);
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void receiverDispatchesInterleavedStreamsBySequence() throws Exception {
        List<Collect> opened = new ArrayList<>();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(4, HbtpRouteTable.builder().upload(3, (channel, seq, args) -> {
            Collect c = new Collect();
            opened.add(c);
            return c;
        }).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), receiver);
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec());
        writer.writeOutbound(
                new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, 1, Unpooled.wrappedBuffer(new byte[] {3, 0})),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, 2, Unpooled.wrappedBuffer(new byte[] {3, 0})),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, 2, Unpooled.copiedBuffer("B1", StandardCharsets.UTF_8)),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, 1, Unpooled.copiedBuffer("A1", StandardCharsets.UTF_8)),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, 1, Unpooled.copiedBuffer("A2", StandardCharsets.UTF_8)),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, 9, Unpooled.copiedBuffer("??", StandardCharsets.UTF_8)),
                new HbtpFrame(HbtpOpcode.RPC_STREAM_START, 0, 5, Unpooled.wrappedBuffer(new byte[] {4, 0})));
        for (Object o; (o = writer.readOutbound()) != null; ) {
            ch.writeInbound(o);
        }
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).data.toString(StandardCharsets.UTF_8)).isEqualTo("A1A2");
        assertThat(opened.get(0).ended).isTrue();
        assertThat(opened.get(1).data.toString(StandardCharsets.UTF_8)).isEqualTo("B1");
        assertThat(receiver.openStreams()).isEqualTo(1);
        assertThat(receiver.droppedChunks()).isEqualTo(1);
        ByteBuf err = (ByteBuf) ch.readOutbound(); // route 4 has no stream handler
        try {
            assertThat(err.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_ERROR.code());
            assertThat(err.getUnsignedShortLE(2)).isEqualTo(5);
            assertThat(err.getUnsignedShortLE(8)).isEqualTo(HbtpErrorCode.ROUTE_NOT_FOUND.code());
        } finally {
            err.release();
        }
        ch.finishAndReleaseAll();
        assertThat(opened.get(1).aborted).isTrue();
        opened.forEach(c -> c.data.release());
        writer.finishAndReleaseAll();
    }

    @Test
    void senderPullsNothingWhileTheChannelIsUnwritable() throws Exception {
        AtomicLong pulled = new AtomicLong();
        int total = 40 * 1024;
        InputStream source = new InputStream() {
            @Override
            public int read() {
                return pulled.get() >= total ? -1 : (int) (pulled.getAndIncrement() & 0xFF);
            }

            @Override
            public int available() {
                return (int) Math.max(0, total - pulled.get());
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(
                new HbtpClientCodec(new HbtpCodecConfig().compressionThreshold(0)), new ChunkedWriteHandler());
        // Netty's user-defined writability bit: the channel reports unwritable, as when the peer is slow.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(ch.isWritable()).isFalse();
        ch.writeAndFlush(new HbtpStreamInput(3, 9, Unpooled.EMPTY_BUFFER, new ChunkedStream(source, 1024)));
        ch.runPendingTasks();
        assertThat(pulled.get()).as("bytes pulled while unwritable").isZero();
        assertThat(ch.<Object>readOutbound()).isNull();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertThat(pulled.get()).isEqualTo(total);
        int frames = 0;
        long bytes = 0;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            frames++;
            bytes += b.readableBytes();
            b.release();
        }
        assertThat(frames).isEqualTo(1 + 40 + 1);
        assertThat(bytes).isEqualTo(8 + 2 + 40 * (8 + 1024) + 8);
        ch.finishAndReleaseAll();
    }

    @Test
    void largeStreamArrivesIntactOverASocketAfterThePeerStartsReading() throws Exception {
        int total = 8 << 20;
        AtomicLong produced = new AtomicLong();
        InputStream source = new InputStream() {
            @Override
            public int read() {
                if (produced.get() >= total) {
                    return -1;
                }
                return (int) (produced.getAndIncrement() & 0xFF);
            }

            @Override
            public int available() {
                // ChunkedStream sizes its chunks by available(): report what is left
                return (int) Math.max(0, total - produced.get());
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = total - produced.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (produced.get() + i);
                }
                produced.addAndGet(n);
                return n;
            }
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        CountDownLatch ended = new CountDownLatch(1);
        CRC32C received = new CRC32C();
        AtomicLong receivedBytes = new AtomicLong();
        try {
            HbtpStreamReceiver receiver = new HbtpStreamReceiver(1, HbtpRouteTable.builder().upload(1, (c, seq, args) -> new HbtpStreamConsumer() {
                @Override
                public void onChunk(ByteBuf data) {
                    received.update(data.nioBuffer());
                    receivedBytes.addAndGet(data.readableBytes());
                }

                @Override
                public void onEnd(ByteBuf data) {
                    ended.countDown();
                }
            }).build());
            List<Channel> accepted = new ArrayList<>();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 64 << 10)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.SO_RCVBUF, 64 << 10)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            accepted.add(ch);
                            ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), receiver);
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 512 << 10))
                    .option(ChannelOption.SO_SNDBUF, 64 << 10)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HbtpClientCodec(), new ChunkedWriteHandler());
                        }
                    }).connect(server.localAddress()).sync().channel();
            client.writeAndFlush(new HbtpStreamInput(1, 1, Unpooled.EMPTY_BUFFER, new ChunkedStream(source, 64 << 10)));
            // the server reads nothing for a while (how much the kernel absorbs meanwhile depends on the OS;
            // the sender's own bound is checked by senderPullsNothingWhileTheChannelIsUnwritable)
            TimeUnit.MILLISECONDS.sleep(300);
            // now let the server read: the whole stream arrives
            accepted.get(0).config().setAutoRead(true);
            assertThat(ended.await(60, TimeUnit.SECONDS)).as("stream ended; received %s of %s, produced %s", receivedBytes, total, produced).isTrue();
            assertThat(receivedBytes.get()).isEqualTo(total);
            CRC32C expected = new CRC32C();
            byte[] all = new byte[total];
            for (int i = 0; i < total; i++) {
                all[i] = (byte) i;
            }
            expected.update(all);
            assertThat(received.getValue()).isEqualTo(expected.getValue());
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

}
