package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpFrameDecoder;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.channel.ChannelPipeline;

/**
 * Finds a channel's {@link HbtpFrameDecoder}: a decoder added on its own, or the one inside an
 * {@link HbtpServerCodec} or {@link HbtpClientCodec}.
 */
public final class HbtpCodecs {

    private HbtpCodecs() {
    }

    /** The pipeline's HBTP frame decoder, or {@code null} if it has none. */
    public static HbtpFrameDecoder decoder(ChannelPipeline p) {
        HbtpFrameDecoder d = p.get(HbtpFrameDecoder.class);
        if (d != null) {
            return d;
        }
        HbtpServerCodec server = p.get(HbtpServerCodec.class);
        if (server != null) {
            return server.decoder();
        }
        HbtpClientCodec client = p.get(HbtpClientCodec.class);
        return client == null ? null : client.decoder();
    }
}
