package dev.dx.codec.hbtp;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * The server side of HBTP/1: an {@link HbtpFrameDecoder} and an {@link HbtpEncoder} built from one
 * {@link HbtpCodecConfig}.
 *
 * <pre>
 * ChannelPipeline p = ch.pipeline();
 * p.addLast("hbtp", new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true)));
 * p.addLast("handshake", new HbtpServerHandshaker(handshakeConfig));   // optional, §6
 * p.addLast("control", new HbtpControlHandler());                      // Ping, Pong, Close, unknown opcodes
 * p.addLast("router", new HbtpRouter(routes));                         // RpcCall → route handlers
 * </pre>
 *
 * <p>Inbound it emits {@link HbtpFrame}s (the next handler releases them); outbound it takes
 * {@link HbtpFrame}s and releases them after encoding. Not {@code @Sharable}.
 */
public final class HbtpServerCodec extends CombinedChannelDuplexHandler<HbtpFrameDecoder, HbtpEncoder> {

    /** Creates a codec with the default configuration. */
    public HbtpServerCodec() {
        this(new HbtpCodecConfig());
    }

    /** Creates a codec with a snapshot of {@code config}. */
    public HbtpServerCodec(HbtpCodecConfig config) {
        super(new HbtpFrameDecoder(config), new HbtpEncoder(config));
    }

    /** The decoder half, for handlers that watch it (for example {@link HbtpConnectionTimeouts}). */
    public HbtpFrameDecoder decoder() {
        return inboundHandler();
    }
}
