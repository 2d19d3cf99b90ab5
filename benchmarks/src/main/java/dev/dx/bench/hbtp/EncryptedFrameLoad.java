package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.secure.HbtpClientHandshaker;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.bench.load.LoadConfig;
import dev.dx.bench.load.LoadGenerator;
import dev.dx.bench.load.LoadResult;
import dev.dx.bench.load.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The encrypted counterpart of the raw load generator: the leanest client for encrypted HBTP/1.1, so
 * that the server, not {@code HbtpClient}'s futures, bounds requests/s, as the raw generator does for
 * {@code bare-tls}. Each connection completes the Noise NK handshake, then keeps {@code depth}
 * RpcCalls (route 1, the echo) in flight; the calls it sends after one read leave in one flush, so the
 * client codec seals them as one Batch (§12), just as the TLS client's {@code SslHandler} seals what one
 * flush writes as one record. Latency is measured per call, from its write to its answer.
 */
final class EncryptedFrameLoad {

    private EncryptedFrameLoad() {
    }

    static LoadResult run(LoadConfig config, int size) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(), Transports.factory(config.transport()));
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        Run run = new Run();
        List<Channel> channels = new ArrayList<>(config.connections());
        HbtpHandshakeConfig handshake = new HbtpHandshakeConfig().remoteStaticKey(
                HbtpKeyPair.fromPrivateKey(LoadServer.SERVER_PRIVATE_KEY).publicKey());
        try {
            Bootstrap b = new Bootstrap().group(group)
                    .channel(Transports.socketChannel(config.transport()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new HbtpClientCodec(new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1)),
                                    new HbtpClientHandshaker(handshake),
                                    new Caller(config.pipelineDepth(), size, recorder, errors, run));
                        }
                    });
            for (int i = 0; i < config.connections(); i++) {
                Channel ch = b.connect(config.target()).sync().channel();
                ch.pipeline().get(HbtpClientHandshaker.class).handshakeFuture().sync();
                channels.add(ch);
            }
            for (Channel ch : channels) {
                ch.eventLoop().execute(() -> ch.pipeline().get(Caller.class).start(ch));
            }
            LoadResult result = LoadGenerator.measure(config, recorder, errors);
            run.stopped = true;
            return result;
        } finally {
            run.stopped = true;
            LoadGenerator.closeAll(channels, group);
        }
    }

    private static final class Run {
        volatile boolean stopped;
    }

    /** One connection's calls: sequence {@code 1..depth}, one per slot, reused when its answer comes. */
    private static final class Caller extends ChannelInboundHandlerAdapter {
        private final int depth;
        private final int size;
        private final Recorder recorder;
        private final AtomicLong errors;
        private final Run run;
        private final long[] sentAt;
        private boolean wrote;

        Caller(int depth, int size, Recorder recorder, AtomicLong errors, Run run) {
            this.depth = depth;
            this.size = size;
            this.recorder = recorder;
            this.errors = errors;
            this.run = run;
            this.sentAt = new long[depth + 1];
        }

        void start(Channel ch) {
            for (int seq = 1; seq <= depth; seq++) {
                call(ch, seq);
            }
            ch.flush();
        }

        private void call(Channel ch, int seq) {
            ByteBuf body = ch.alloc().buffer(2 + size).writeShortLE(1).writeZero(size);
            sentAt[seq] = System.nanoTime();
            ch.write(HbtpFrame.newInstance(0x30, HbtpFlags.EXPECTS_RESPONSE, seq, body), ch.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HbtpFrame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            HbtpFrame answer = (HbtpFrame) msg;
            int seq = answer.sequence();
            boolean ok = answer.opcode() == 0x31 && seq >= 1 && seq <= depth;
            answer.release();
            if (!ok) {
                errors.incrementAndGet();
                return;
            }
            recorder.recordValue(Math.max(0, System.nanoTime() - sentAt[seq]));
            if (!run.stopped) {
                call(ctx.channel(), seq);
                wrote = true;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (wrote) {
                wrote = false;
                ctx.channel().flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!run.stopped) {
                errors.incrementAndGet();
            }
            ctx.fireChannelInactive();
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
