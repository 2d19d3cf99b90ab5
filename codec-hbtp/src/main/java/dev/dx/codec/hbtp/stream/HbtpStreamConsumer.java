package dev.dx.codec.hbtp.stream;

import io.netty.buffer.ByteBuf;

/**
 * Receives one incoming stream (spec §7), on the channel's event loop. Buffers passed in are valid only
 * during the call; retain them to keep them.
 */
public interface HbtpStreamConsumer {

    /** One RpcStreamChunk's data. */
    void onChunk(ByteBuf data) throws Exception;

    /** The RpcStreamEnd's (possibly empty) data; the stream is over. */
    void onEnd(ByteBuf data) throws Exception;

    /** The connection closed before RpcStreamEnd. */
    default void onAbort() {
    }
}
