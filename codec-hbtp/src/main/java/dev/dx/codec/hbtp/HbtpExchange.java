package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.function.Consumer;

/**
 * One RpcCall and its answer (spec §7), handed to an {@link HbtpRouteHandler}.
 *
 * <p>Complete it exactly once, from any thread: {@link #respond(ByteBuf)} sends RpcResponse,
 * {@link #fail(int, String)} sends RpcError, both with the call's sequence and through the channel's
 * event loop. Completion releases the request; {@link #arguments()} is valid until then (retain it to
 * keep it longer). Later completions are ignored and release what they were given.
 */
public interface HbtpExchange {

    /** The connection the call arrived on. */
    Channel channel();

    /** The allocator to build answers with. */
    default ByteBufAllocator alloc() {
        return channel().alloc();
    }

    /** The call's sequence, which its answer carries. */
    int sequence();

    /** The route id, 0-65535. */
    int route();

    /** The arguments after the route id; valid until the exchange completes. */
    ByteBuf arguments();

    /** The flags the call arrived with. */
    int flags();

    /** Sends RpcResponse with {@code result}, which the exchange takes over and releases. */
    void respond(ByteBuf result);

    /** Sends RpcError with a u16 code (§9 or ≥ 1000) and a UTF-8 message. */
    void fail(int code, String message);

    /** Sends RpcError with a §9 code. A fatal code still answers just this call. */
    default void fail(HbtpErrorCode code, String message) {
        fail(code.code(), message);
    }

    /** Whether the exchange has been completed. */
    boolean isDone();

    /**
     * The outcome once done: 0 for a response, otherwise the RpcError code; -1 while not done.
     */
    int outcome();

    /**
     * Registers a listener that runs once when the exchange completes, on the thread that completed
     * it; if it has already completed (or completes while the listener is being registered), the
     * listener runs at once on the registering thread. Listeners registered before completion run in
     * the order they were registered. For after-hooks of middleware: timing, metrics, logging.
     */
    void onComplete(Consumer<HbtpExchange> listener);

    /** A per-exchange slot for middleware to pass a value to the handler (for example a principal). */
    Object attachment();

    /** Sets the per-exchange slot. */
    void attachment(Object value);
}
