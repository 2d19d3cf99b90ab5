package dev.dx.codec.hbtp.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** Opens a consumer for each RpcStreamStart on one route. */
@FunctionalInterface
public interface HbtpStreamHandler {

    /**
     * Returns the consumer of the stream with this {@code sequence}; {@code arguments} is valid only
     * during the call. Throwing answers RpcError {@code HANDLER_FAILED} with the stream's sequence.
     */
    HbtpStreamConsumer open(Channel channel, int sequence, ByteBuf arguments) throws Exception;
}
