package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpFrameDecoder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Finds a channel's {@link HbtpFrameDecoder}: a decoder added on its own, or the one inside a combined
 * codec ({@code HbtpServerCodec}, {@code HbtpClientCodec}). A {@link CombinedChannelDuplexHandler} keeps
 * its inbound half behind the protected {@code inboundHandler()}, and the HBTP codecs do not expose it,
 * so this reads it once through a method handle; if the JDK refuses that (Netty loaded as a named
 * module that does not open {@code io.netty.channel}), only a decoder added on its own is found.
 */
public final class HbtpCodecs {

    private static final MethodHandle INBOUND_HANDLER = inboundHandlerAccessor();

    private HbtpCodecs() {
    }

    private static MethodHandle inboundHandlerAccessor() {
        try {
            Method m = CombinedChannelDuplexHandler.class.getDeclaredMethod("inboundHandler");
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The pipeline's HBTP frame decoder, or {@code null} if it has none (or it cannot be reached). */
    public static HbtpFrameDecoder decoder(ChannelPipeline p) {
        HbtpFrameDecoder d = p.get(HbtpFrameDecoder.class);
        if (d != null || INBOUND_HANDLER == null) {
            return d;
        }
        for (Map.Entry<String, ChannelHandler> e : p) {
            if (e.getValue() instanceof CombinedChannelDuplexHandler) {
                Object inbound;
                try {
                    inbound = INBOUND_HANDLER.invoke((CombinedChannelDuplexHandler<?, ?>) e.getValue());
                } catch (RuntimeException | Error t) {
                    throw t;
                } catch (Throwable t) { // a getter declares nothing: cannot happen
                    throw new IllegalStateException(t);
                }
                if (inbound instanceof HbtpFrameDecoder) {
                    return (HbtpFrameDecoder) inbound;
                }
            }
        }
        return null;
    }
}
