package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import dev.dx.codec.hbtp.internal.NoiseHandshake;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the §6 handshake: when the channel becomes active it writes the first
 * AuthChallenge, answers AuthResponse frames as the pattern prescribes (sending its token in the first
 * encrypted payload: message 1 under NK, message 3 under XX), installs the session keys in the codec,
 * and succeeds when the server's encrypted AuthSuccess decrypts. AuthFailure, a bad Noise message or a
 * timeout fails {@link #handshakeFuture()} and closes the channel.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpClientCodec(config));
 * p.addLast("handshake", new HbtpClientHandshaker(new HbtpHandshakeConfig().remoteStaticKey(serverPublicKey)));
 * </pre>
 *
 * <p>Consumes and releases AuthResponse, AuthSuccess and AuthFailure frames; passes every other frame
 * on. Fires {@link HbtpHandshakeCompletionEvent}. Not {@code @Sharable}.
 */
public final class HbtpClientHandshaker extends ChannelInboundHandlerAdapter {

    private final HbtpHandshakeConfig config;
    private NoiseHandshake noise;
    private Promise<Void> promise;
    private ScheduledFuture<?> timeout;
    private boolean started;

    /** Creates a handshaker with a snapshot of {@code config}. */
    public HbtpClientHandshaker(HbtpHandshakeConfig config) {
        this.config = checkNotNull(config, "config").verifyForClient();
    }

    /** Completes when AuthSuccess has been verified; fails on AuthFailure, error or timeout. */
    public Future<Void> handshakeFuture() {
        return promise;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        promise = ctx.executor().newPromise();
        HbtpKeyPair s = config.staticKeyPair();
        noise = new NoiseHandshake(HbtpServerHandshaker.pattern(config.pattern()), true,
                s == null ? null : s.privateKey(), config.remoteStaticKey(), NoiseHandshake.PROLOGUE);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (!promise.isDone()) {
            promise.tryFailure(new ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timeout = ctx.executor().schedule(() -> fail(ctx, new HbtpRpcException(HbtpErrorCode.TIMEOUT.code(),
                "handshake timed out")), config.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        byte[] payload = config.pattern() == HbtpNoisePattern.NK ? config.token() : new byte[0];
        writeChallenge(ctx, noise.writeMessage(payload));
    }

    private static void writeChallenge(ChannelHandlerContext ctx, byte[] message) {
        ctx.writeAndFlush(new HbtpFrame(HbtpOpcode.AUTH_CHALLENGE, 0, 0, Unpooled.wrappedBuffer(message)));
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op == HbtpOpcode.AUTH_RESPONSE.code()) {
            byte[] message;
            try {
                message = ByteBufUtil.getBytes(frame.content());
            } finally {
                frame.release();
            }
            onResponse(ctx, message);
        } else if (op == HbtpOpcode.AUTH_SUCCESS.code()) {
            boolean encrypted = frame.hasFlag(HbtpFlags.ENCRYPTED);
            frame.release();
            if (!encrypted || !noise.isComplete() || promise.isDone()) {
                fail(ctx, new HbtpRpcException(HbtpErrorCode.UNAUTHORIZED.code(), "unexpected AuthSuccess"));
                return;
            }
            cancelTimeout();
            promise.trySuccess(null);
            ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(null, noise.remoteStaticKey(), null));
        } else if (op == HbtpOpcode.AUTH_FAILURE.code()) {
            HbtpRpcException cause = new HbtpRpcException(frame.errorCode(), frame.errorMessage());
            frame.release();
            fail(ctx, cause);
        } else {
            ctx.fireChannelRead(frame);
        }
    }

    private void onResponse(ChannelHandlerContext ctx, byte[] message) {
        if (promise.isDone() || noise.isComplete() || noise.isMyTurn()) {
            fail(ctx, new HbtpRpcException(HbtpErrorCode.UNAUTHORIZED.code(), "unexpected AuthResponse"));
            return;
        }
        try {
            noise.readMessage(message);
            if (noise.isMyTurn()) {
                byte[] payload = config.pattern() == HbtpNoisePattern.XX ? config.token() : new byte[0];
                writeChallenge(ctx, noise.writeMessage(payload));
            }
            if (noise.isComplete()) {
                byte[][] keys = noise.split();
                HbtpChannelSecurity security = HbtpChannelSecurity.of(ctx.channel());
                security.installSender(new FrameCipher(keys[0]));
                security.installReceiver(new FrameCipher(keys[1]));
            }
        } catch (Exception e) {
            fail(ctx, new HbtpRpcException(HbtpErrorCode.UNAUTHORIZED.code(), "handshake failed: " + e.getMessage()));
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        cancelTimeout();
        if (promise.tryFailure(cause)) {
            ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(cause, null, null));
        }
        ctx.close();
    }
}
