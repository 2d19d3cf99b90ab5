package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import dev.dx.codec.hbtp.internal.NoiseHandshake;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import javax.crypto.AEADBadTagException;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the §6 handshake: reads the client's AuthChallenge frames, answers with
 * AuthResponse, checks the client's token with the configured {@link HbtpAuthenticator} (or
 * {@link HbtpTokenValidator}), installs the session keys in the codec, stores the identity the
 * authenticator returned on the channel ({@link HbtpPeerIdentity#of}) and sends AuthSuccess (ENCRYPTED,
 * empty). A failed handshake (bad Noise message, refused token, timeout, AuthChallenge after completion)
 * is answered with AuthFailure {@code UNAUTHORIZED} and the channel is closed. Under NK, a first
 * AuthChallenge whose payload does not decrypt was written for another server key: its AuthFailure
 * reason is {@code server static key does not match}, which {@link HbtpClientHandshaker} reports.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true)));
 * p.addLast("handshake", new HbtpServerHandshaker(new HbtpHandshakeConfig().staticKeyPair(serverKeys)));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <p>Consumes and releases AuthChallenge frames; passes every other frame on (the codec's
 * {@code encryptionRequired} refuses plaintext application frames). Fires
 * {@link HbtpHandshakeCompletionEvent}. Not {@code @Sharable}.
 */
public final class HbtpServerHandshaker extends ChannelInboundHandlerAdapter {

    private final HbtpHandshakeConfig config;
    private NoiseHandshake noise;
    private boolean done;
    private byte[] token;
    private Object identity;
    private ScheduledFuture<?> timeout;

    /** Creates a handshaker with a snapshot of {@code config}, which must hold the server's key pair. */
    public HbtpServerHandshaker(HbtpHandshakeConfig config) {
        this.config = checkNotNull(config, "config").verifyForServer();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        HbtpKeyPair s = config.staticKeyPair();
        // the key pair's public half was computed once, when it was made: no handshake redoes X25519(s, 9)
        noise = new NoiseHandshake(pattern(config.pattern()), false, s.privateKey(), s.publicKey(), null,
                NoiseHandshake.PROLOGUE);
        if (ctx.channel().isActive()) {
            scheduleTimeout(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        scheduleTimeout(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    private void scheduleTimeout(ChannelHandlerContext ctx) {
        if (timeout == null && !done) {
            timeout = ctx.executor().schedule(() -> {
                if (!done) {
                    fail(ctx, "handshake timed out");
                }
            }, config.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    static NoiseHandshake.Pattern pattern(HbtpNoisePattern p) {
        return p == HbtpNoisePattern.NK ? NoiseHandshake.Pattern.NK : NoiseHandshake.Pattern.XX;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame) || ((HbtpFrame) msg).opcode() != HbtpOpcode.AUTH_CHALLENGE.code()) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        byte[] message;
        try {
            message = ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
        if (done || noise == null || noise.isMyTurn()) {
            fail(ctx, "unexpected AuthChallenge");
            return;
        }
        try {
            int index = noise.isComplete() ? -1 : messageIndex();
            byte[] payload;
            try {
                payload = noise.readMessage(message);
            } catch (AEADBadTagException e) {
                fail(ctx, isKeyMismatch(index, message) ? HbtpClientHandshaker.KEY_MISMATCH
                        : "handshake failed: " + e.getMessage());
                return;
            }
            if (index == tokenMessageIndex()) {
                token = payload;
                identity = config.authenticator().authenticate(payload, noise.remoteStaticKey());
                if (identity == null) {
                    fail(ctx, "token refused");
                    return;
                }
            }
            while (noise.isMyTurn()) {
                byte[] reply = noise.writeMessage(new byte[0]);
                ctx.writeAndFlush(new HbtpFrame(HbtpOpcode.AUTH_RESPONSE, 0, 0, Unpooled.wrappedBuffer(reply)));
            }
            if (noise.isComplete()) {
                byte[][] keys = noise.split();
                HbtpChannelSecurity security = HbtpChannelSecurity.of(ctx.channel());
                security.installReceiver(new FrameCipher(keys[1]));
                security.installSender(new FrameCipher(keys[0]));
                done = true;
                cancelTimeout();
                // stored before AuthSuccess leaves: every frame the client sends after it finds the identity
                HbtpPeerIdentity.set(ctx.channel(), identity);
                ctx.writeAndFlush(new HbtpFrame(HbtpOpcode.AUTH_SUCCESS, HbtpFlags.ENCRYPTED, 0, Unpooled.EMPTY_BUFFER));
                ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(null,
                        config.pattern() == HbtpNoisePattern.XX ? noise.remoteStaticKey() : null, token,
                        identity == HbtpAuthenticator.ANONYMOUS ? null : identity));
            }
        } catch (Exception e) {
            fail(ctx, "handshake failed: " + e.getMessage());
        }
    }

    private int messagesRead;

    private int messageIndex() {
        return messagesRead++ * 2; // the client writes messages 0, 2, ...
    }

    /**
     * Under NK the first message is e, es and a sealed payload: when a message long enough to hold the
     * ephemeral key and the tag does not open, the client mixed in another server's static key.
     */
    private boolean isKeyMismatch(int index, byte[] message) {
        return config.pattern() == HbtpNoisePattern.NK && index == 0
                && message.length >= HbtpClientHandshaker.NK_FIRST_MESSAGE_MIN_LENGTH;
    }

    private int tokenMessageIndex() {
        return config.pattern() == HbtpNoisePattern.NK ? 0 : 2;
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (done) {
            ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(new IllegalStateException(reason), null, null, null));
            ctx.writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.UNAUTHORIZED.code(), reason))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        done = true;
        cancelTimeout();
        ctx.fireUserEventTriggered(new HbtpHandshakeCompletionEvent(new IllegalStateException(reason), null, null, null));
        ctx.writeAndFlush(HbtpFrame.authFailure(ctx.alloc(), HbtpErrorCode.UNAUTHORIZED.code(), reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
