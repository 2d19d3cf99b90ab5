package dev.dx.codec.hbtp.stream;

import io.netty.buffer.ByteBuf;

/**
 * Receives one incoming stream (spec §7), on the channel's event loop. Buffers passed in are valid only
 * during the call; retain them to keep them.
 *
 * <h2>Demand</h2>
 * By default a consumer takes every chunk as it arrives ({@link #onOpen} asks for {@link Long#MAX_VALUE}).
 * A consumer that hands chunks to slower work overrides {@link #onOpen}, keeps the
 * {@link HbtpStreamSubscription} and calls {@link HbtpStreamSubscription#request(long)} when it can take
 * more: chunks then wait in the receiver (bounded; reading from the connection pauses while the bound is
 * reached) and are delivered in order. RpcStreamEnd needs no demand: {@link #onEnd} follows the last
 * chunk as soon as that chunk has been delivered.
 */
public interface HbtpStreamConsumer {

    /**
     * Called once, before any chunk. The default asks for every chunk ({@code request(Long.MAX_VALUE)});
     * override it to control demand. Throwing ends the stream with RpcError {@code HANDLER_FAILED}.
     */
    default void onOpen(HbtpStreamSubscription subscription) throws Exception {
        subscription.request(Long.MAX_VALUE);
    }

    /** One RpcStreamChunk's data. */
    void onChunk(ByteBuf data) throws Exception;

    /** The RpcStreamEnd's (possibly empty) data; the stream is over. */
    void onEnd(ByteBuf data) throws Exception;

    /**
     * The stream ended without RpcStreamEnd: the connection closed, the receiver was removed from the
     * pipeline, or this consumer threw. Chunks still queued for it have been released.
     */
    default void onAbort() {
    }
}
