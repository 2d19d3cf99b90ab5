package dev.dx.codec.hbtp;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * The client side of HBTP/1: an {@link HbtpFrameDecoder} and an {@link HbtpEncoder} built from one
 * {@link HbtpCodecConfig}. The wire format is symmetric; the class exists so pipelines read as what they
 * are.
 *
 * <pre>
 * ChannelPipeline p = ch.pipeline();
 * p.addLast("hbtp", new HbtpClientCodec(new HbtpCodecConfig()));
 * p.addLast("handshake", new HbtpClientHandshaker(handshakeConfig));   // optional, §6
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("client", new HbtpClientHandler());                         // or let HbtpClient build this
 * </pre>
 *
 * <p>Inbound it emits {@link HbtpFrame}s (the next handler releases them); outbound it takes
 * {@link HbtpFrame}s and releases them after encoding. Not {@code @Sharable}.
 */
public final class HbtpClientCodec extends CombinedChannelDuplexHandler<HbtpFrameDecoder, HbtpEncoder> {

    /** Creates a codec with the default configuration. */
    public HbtpClientCodec() {
        this(new HbtpCodecConfig());
    }

    /** Creates a codec with a snapshot of {@code config}. */
    public HbtpClientCodec(HbtpCodecConfig config) {
        super(new HbtpFrameDecoder(config), new HbtpEncoder(config));
    }

    /** The decoder half, for handlers that watch it (for example {@link HbtpConnectionTimeouts}). */
    public HbtpFrameDecoder decoder() {
        return inboundHandler();
    }
}
