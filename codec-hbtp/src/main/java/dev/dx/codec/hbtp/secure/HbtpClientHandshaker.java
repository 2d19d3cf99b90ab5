package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
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
import javax.crypto.AEADBadTagException;

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
 *
 * <h2>Failures</h2>
 * The future fails with an {@link HbtpRpcException} carrying AuthFailure's code and reason, or
 * {@code TIMEOUT}, or {@code UNAUTHORIZED} for a broken exchange; with a {@link ClosedChannelException}
 * when the connection closes first. A server that does not hold the private half of the key pinned for
 * NK ({@link HbtpHandshakeConfig#remoteStaticKey}) fails it with an {@link HbtpException}
 * {@code UNAUTHORIZED} whose message says {@code server static key does not match}, whether this side
 * finds that the server's AuthResponse does not decrypt, or an {@link HbtpServerHandshaker} finds that
 * the AuthChallenge does not (its AuthFailure carries that reason).
 */
public final class HbtpClientHandshaker extends ChannelInboundHandlerAdapter {

    /** The words for an NK handshake with a server whose static key is not the pinned one. */
    static final String KEY_MISMATCH = "server static key does not match";

    /**
     * The shortest complete NK handshake message: an ephemeral key and a sealed (possibly empty)
     * payload's tag. A message this long that does not open was sealed under another static key.
     */
    static final int NK_FIRST_MESSAGE_MIN_LENGTH = 32 + 16;

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
                s == null ? null : s.privateKey(), s == null ? null : s.publicKey(), config.remoteStaticKey(),
                NoiseHandshake.PROLOGUE);
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
            ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(null, noise.remoteStaticKey(), null, null));
        } else if (op == HbtpOpcode.AUTH_FAILURE.code()) {
            int code = frame.errorCode();
            String reason = frame.errorMessage();
            frame.release();
            if (config.pattern() == HbtpNoisePattern.NK && code == HbtpErrorCode.UNAUTHORIZED.code()
                    && KEY_MISMATCH.equals(reason)) {
                fail(ctx, keyMismatch());
            } else {
                fail(ctx, new HbtpRpcException(code, reason));
            }
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
            try {
                noise.readMessage(message);
            } catch (AEADBadTagException e) {
                // Under NK the server's one message is e, ee and a sealed payload whose key chains
                // es = DH(e, pinned key): a whole message that does not open came from a server without
                // that key's private half.
                if (config.pattern() == HbtpNoisePattern.NK && message.length >= NK_FIRST_MESSAGE_MIN_LENGTH) {
                    fail(ctx, keyMismatch());
                    return;
                }
                throw e;
            }
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

    private static HbtpException keyMismatch() {
        return new HbtpException(HbtpErrorCode.UNAUTHORIZED, KEY_MISMATCH);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        cancelTimeout();
        if (promise.tryFailure(cause)) {
            ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(cause, null, null, null));
        }
        ctx.close();
    }
}
