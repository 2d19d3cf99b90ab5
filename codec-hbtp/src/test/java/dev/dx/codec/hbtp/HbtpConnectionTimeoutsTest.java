package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle and partial-frame (slowloris) limits: Close TIMEOUT naming the limit, then the connection closes. */
class HbtpConnectionTimeoutsTest {

    private static ByteBuf pooled(byte... bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** A Ping (sequence {@code seq}, empty body) as bytes, in a pooled direct buffer. */
    private static ByteBuf ping(int seq) {
        return pooled((byte) 0x00, (byte) 0, (byte) seq, (byte) (seq >>> 8), (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    /** Reads the Close the channel wrote and returns "code reason". */
    private static String closeWritten(EmbeddedChannel ch) {
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            assertThat(HbtpHeader.opcode(out, out.readerIndex())).isEqualTo(HbtpOpcode.CLOSE.code());
            ByteBuf body = out.slice(out.readerIndex() + HbtpHeader.SIZE, out.readableBytes() - HbtpHeader.SIZE);
            return body.getUnsignedShortLE(0) + " " + body.toString(2, body.readableBytes() - 2, StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    /** Lets {@code millis} pass on the channel's frozen clock in 10 ms steps, running the ticks due. */
    private static void elapse(EmbeddedChannel ch, long millis) {
        for (long t = 0; t < millis; t += 10) {
            ch.advanceTimeBy(Math.min(10, millis - t), TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
        }
    }

    private static EmbeddedChannel channel(HbtpConnectionTimeouts timeouts) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new HbtpServerCodec(), timeouts, new HbtpControlHandler());
        return ch;
    }

    // ---- EmbeddedChannel, on its frozen clock --------------------------------------------------

    @Test
    void idleConnectionGetsCloseTimeout() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().idleTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        elapse(ch, 900);
        assertThat(ch.isOpen()).isTrue();
        elapse(ch, 400); // the limit plus at most one tick (a quarter)
        assertThat(closeWritten(ch)).isEqualTo("11 idle for 1000 ms");
        assertThat(ch.isOpen()).isFalse();
        assertThat(timeouts.expiredLimit()).isEqualTo("idle");
        ch.finishAndReleaseAll();
    }

    @Test
    void framesBothWaysKeepAConnectionOpen() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().idleTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        for (int i = 0; i < 20; i++) {
            ch.writeInbound(ping(i)); // answered with a Pong: a frame read and one written
            elapse(ch, 500);
            HbtpTestSupport.drainOutbound(ch).release();
        }
        assertThat(ch.isOpen()).isTrue();
        for (int i = 0; i < 20; i++) {
            ch.writeOutbound(HbtpFrame.ping(i, PooledByteBufAllocator.DEFAULT.directBuffer(0))); // only writes
            elapse(ch, 500);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(timeouts.expiredLimit()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void halfAHeaderGetsCloseTimeout() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().partialFrameTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        ch.writeInbound(pooled((byte) 0x30, (byte) 0x04, (byte) 0x01));
        elapse(ch, 900);
        assertThat(ch.isOpen()).isTrue();
        elapse(ch, 700); // first seen up to a tick late, then the limit, then a tick
        assertThat(closeWritten(ch)).isEqualTo("11 a frame unfinished for 1000 ms");
        assertThat(ch.isOpen()).isFalse();
        assertThat(timeouts.expiredLimit()).isEqualTo("partial frame");
        ch.finishAndReleaseAll();
    }

    @Test
    void aBodyTrickledByteByByteGetsCloseTimeout() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().partialFrameTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        ch.writeInbound(pooled((byte) 0x30, (byte) 0x04, (byte) 0x01, (byte) 0, (byte) 100, (byte) 0, (byte) 0, (byte) 0));
        for (int i = 0; i < 16 && ch.isOpen(); i++) {
            ch.writeInbound(pooled((byte) i)); // bytes arrive, the frame never completes
            elapse(ch, 100);
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(closeWritten(ch)).isEqualTo("11 a frame unfinished for 1000 ms");
        ch.finishAndReleaseAll();
    }

    @Test
    void framesThatCompleteRestartThePartialFrameClock() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().partialFrameTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        for (int i = 0; i < 20; i++) {
            // the rest of the previous Ping (if any) and the first half of the next: always a partial frame
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(8);
            if (i > 0) {
                b.writeBytes(new byte[] {0, 0, 0, 0});
            }
            b.writeBytes(new byte[] {0x00, 0, (byte) i, 0});
            ch.writeInbound(b);
            elapse(ch, 600);
            HbtpTestSupport.drainOutbound(ch).release();
        }
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void partialFrameClockStopsWhileThisSideIsNotReading() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().partialFrameTimeoutMillis(1000);
        EmbeddedChannel ch = channel(timeouts);
        ch.writeInbound(pooled((byte) 0x30, (byte) 0x04));
        ch.config().setAutoRead(false); // say, a stream consumer holds reading back
        elapse(ch, 5000);
        assertThat(ch.isOpen()).isTrue();
        ch.config().setAutoRead(true);
        elapse(ch, 1600);
        assertThat(ch.isOpen()).isFalse();
        assertThat(closeWritten(ch)).startsWith("11 a frame unfinished");
        ch.finishAndReleaseAll();
    }

    @Test
    void zeroTurnsALimitOff() {
        HbtpConnectionTimeouts timeouts = new HbtpConnectionTimeouts().idleTimeoutMillis(0).partialFrameTimeoutMillis(0);
        EmbeddedChannel ch = channel(timeouts);
        ch.writeInbound(pooled((byte) 0x30));
        ch.advanceTimeBy(1, TimeUnit.HOURS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();

        // without a partial-frame limit the handler needs no decoder
        EmbeddedChannel bare = new EmbeddedChannel(new HbtpConnectionTimeouts().partialFrameTimeoutMillis(0));
        assertThat(bare.isOpen()).isTrue();
        bare.finishAndReleaseAll();
    }

    @Test
    void findsADecoderAddedOnItsOwnAndRefusesAPipelineWithout() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new HbtpFrameDecoder(), new HbtpEncoder(),
                new HbtpConnectionTimeouts().partialFrameTimeoutMillis(1000));
        ch.writeInbound(pooled((byte) 0x30));
        elapse(ch, 2000);
        assertThat(closeWritten(ch)).startsWith("11 a frame unfinished");
        ch.finishAndReleaseAll();

        EmbeddedChannel none = new EmbeddedChannel();
        none.pipeline().addLast(new HbtpConnectionTimeouts()); // Netty removes a handler whose handlerAdded throws
        assertThatThrownBy(none::checkException)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining("no HbtpFrameDecoder");
        assertThat(none.pipeline().get(HbtpConnectionTimeouts.class)).isNull();
        none.finishAndReleaseAll();
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new HbtpConnectionTimeouts().idleTimeoutMillis(-1))
                .hasMessage("idleTimeoutMillis : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new HbtpConnectionTimeouts().partialFrameTimeoutMillis(-5))
                .hasMessage("partialFrameTimeoutMillis : -5 (expected: >= 0)");
        HbtpConnectionTimeouts t = new HbtpConnectionTimeouts();
        assertThat(t.idleTimeoutMillis()).isEqualTo(HbtpConnectionTimeouts.DEFAULT_IDLE_TIMEOUT_MILLIS).isEqualTo(300_000);
        assertThat(t.partialFrameTimeoutMillis()).isEqualTo(30_000);
    }

    // ---- real sockets ------------------------------------------------------------------------------

    private EventLoopGroup group;

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroup() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    private Channel server(Supplier<HbtpConnectionTimeouts> timeouts) throws InterruptedException {
        HbtpRouteTable echo = HbtpRouteTable.builder().route(7, ex -> ex.respond(ex.arguments().retain())).build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HbtpServerCodec(), timeouts.get(), new HbtpControlHandler(),
                                new HbtpRouter(echo));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Connects a client that records every frame it receives as "opcode code reason" (Close) or the opcode. */
    private Channel client(Channel server, List<String> received) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HbtpClientCodec(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                HbtpFrame f = (HbtpFrame) msg;
                                try {
                                    ByteBuf b = f.content();
                                    received.add(f.opcode() == HbtpOpcode.CLOSE.code()
                                            ? "Close " + b.getUnsignedShortLE(b.readerIndex()) + " "
                                            + b.toString(b.readerIndex() + 2, b.readableBytes() - 2, StandardCharsets.UTF_8)
                                            : String.valueOf(f.type()));
                                } finally {
                                    f.release();
                                }
                            }
                        });
                    }
                }).connect(server.localAddress()).sync().channel();
    }

    @Test
    @Timeout(60)
    void anIdlePeerIsClosed() throws Exception {
        Channel server = server(() -> new HbtpConnectionTimeouts().idleTimeoutMillis(300).partialFrameTimeoutMillis(60_000));
        List<String> received = new CopyOnWriteArrayList<>();
        Channel client = client(server, received);
        // says nothing
        assertThat(client.closeFuture().await(20, TimeUnit.SECONDS)).as("closed by the server").isTrue();
        assertThat(received).containsExactly("Close 11 idle for 300 ms");
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void aSlowlorisPeerIsClosed() throws Exception {
        Channel server = server(() -> new HbtpConnectionTimeouts().idleTimeoutMillis(60_000).partialFrameTimeoutMillis(300));
        List<String> received = new CopyOnWriteArrayList<>();
        Channel client = client(server, received);
        // a whole call first (answered), then a header announcing 1,000 body bytes, trickled one by one
        client.writeAndFlush(HbtpFrame.rpcCall(client.alloc(), 1, 7, pooled((byte) 'a'))).sync();
        client.writeAndFlush(pooled((byte) 0x30, (byte) 0x04, (byte) 2, (byte) 0, (byte) 0xe8, (byte) 0x03, (byte) 0, (byte) 0,
                (byte) 7, (byte) 0)).sync();
        Future<?> trickle = client.eventLoop().scheduleAtFixedRate(() -> client.writeAndFlush(pooled((byte) 'x')),
                50, 50, TimeUnit.MILLISECONDS);
        try {
            assertThat(client.closeFuture().await(20, TimeUnit.SECONDS)).as("closed by the server").isTrue();
        } finally {
            trickle.cancel(false);
        }
        assertThat(received).containsExactly("RPC_RESPONSE", "Close 11 a frame unfinished for 300 ms");
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void halfAHeaderThenSilenceIsClosed() throws Exception {
        Channel server = server(() -> new HbtpConnectionTimeouts().idleTimeoutMillis(60_000).partialFrameTimeoutMillis(300));
        List<String> received = new CopyOnWriteArrayList<>();
        Channel client = client(server, received);
        client.writeAndFlush(pooled((byte) 0x30, (byte) 0x04, (byte) 2, (byte) 0)).sync();
        assertThat(client.closeFuture().await(20, TimeUnit.SECONDS)).as("closed by the server").isTrue();
        assertThat(received).containsExactly("Close 11 a frame unfinished for 300 ms");
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void anActivePeerStaysOpen() throws Exception {
        Channel server = server(() -> new HbtpConnectionTimeouts().idleTimeoutMillis(1500).partialFrameTimeoutMillis(1500));
        List<String> received = new CopyOnWriteArrayList<>();
        Channel client = client(server, received);
        AtomicBoolean stop = new AtomicBoolean();
        // a Ping every 50 ms, each sent in two halves 20 ms apart: partial frames, but each one finishes
        client.eventLoop().execute(new Runnable() {
            private int seq;

            @Override
            public void run() {
                if (stop.get() || !client.isActive()) {
                    return;
                }
                int s = seq++ & 0xFFFF;
                client.writeAndFlush(pooled((byte) 0x00, (byte) 0, (byte) s, (byte) (s >>> 8))); // opcode, flags, seq
                client.eventLoop().schedule(() -> {
                    client.writeAndFlush(pooled((byte) 0, (byte) 0, (byte) 0, (byte) 0)); // length 0
                    client.eventLoop().schedule(this, 30, TimeUnit.MILLISECONDS);
                }, 20, TimeUnit.MILLISECONDS); // (no buffer waits across the gap: none leaks at shutdown)
            }
        });
        try {
            // about three times each limit; ends early only if the server closes the connection
            assertThat(client.closeFuture().await(4500, TimeUnit.MILLISECONDS)).as("closed: %s", received).isFalse();
        } finally {
            stop.set(true);
        }
        assertThat(client.isActive()).isTrue();
        assertThat(received).isNotEmpty().allMatch("PONG"::equals);
        client.close().sync();
        server.close().sync();
    }
}
