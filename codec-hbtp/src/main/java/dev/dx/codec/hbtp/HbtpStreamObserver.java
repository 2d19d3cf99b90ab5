package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;

/**
 * Receives a server stream the client started with {@link HbtpClient#stream} (spec §7, §11.3), on the
 * connection's event loop: {@link #onStart} once the stream is under way, any number of {@link #onNext}
 * calls, then exactly one of {@link #onEnd} or {@link #onError}. Buffers passed in are released when the
 * method returns: retain them to keep them.
 */
public interface HbtpStreamObserver {

    /**
     * The stream has its sequence and its start is being sent; {@code stream} is the handle
     * {@code HbtpClient.stream} returns, handed here first so that {@link #onNext} can grant credit with
     * it even when the first chunk arrives before that call has returned. Does nothing by default.
     */
    default void onStart(HbtpClientStream stream) {
    }

    /** One RpcStreamChunk's data. */
    void onNext(ByteBuf chunk);

    /** The stream's RpcStreamEnd: its data (often empty) and metadata. */
    void onEnd(ByteBuf data, HbtpMetadata metadata);

    /**
     * The stream failed: the server's RpcError, {@code CANCELLED} after {@link HbtpClientStream#cancel()},
     * {@code TIMEOUT}, or the connection's end (as for calls).
     */
    void onError(HbtpRpcException error);
}
