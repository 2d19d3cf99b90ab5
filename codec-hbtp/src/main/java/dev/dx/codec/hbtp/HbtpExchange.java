package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One RpcCall and its answer (spec §7, §11), handed to an {@link HbtpRouteHandler}.
 *
 * <p>Complete it exactly once, from any thread: {@link #respond(ByteBuf)} sends RpcResponse,
 * {@link #fail(int, String)} sends RpcError, both with the call's sequence and through the channel's
 * event loop. Completion releases the request; {@link #arguments()} is valid until then (retain it to
 * keep it longer). Later completions are ignored and release what they were given, so an answer that
 * comes too late (after a cancellation, a deadline or the connection's close) is never sent, never
 * leaked and never thrown back at the handler.
 *
 * <h2>Deadlines and cancellation (§11.2)</h2>
 * A call that carries {@code hbtp-timeout} has a {@linkplain #deadlineNanos() deadline}. When it passes
 * before the handler answers, the caller gets RpcError {@code TIMEOUT}; when the caller sends RpcCancel,
 * it gets {@code CANCELLED}; when the connection closes, or a drain's grace period ends, nobody gets
 * anything more. Each of these {@linkplain #isCancelled() cancels} the exchange: its
 * {@linkplain #onCancel cancellation listeners} run on the channel's event loop and a later answer is
 * dropped. Pass the remaining time and the cancellation on to the calls made on the caller's behalf
 * with {@link #callOptions()}.
 */
public interface HbtpExchange extends HbtpCancellation {

    /** {@link #deadlineNanos()} of a call without {@code hbtp-timeout}. */
    long NO_DEADLINE = Long.MAX_VALUE;

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

    /** The call's metadata (§11.1); {@link HbtpMetadata#EMPTY} when it carried none. */
    HbtpMetadata metadata();

    /**
     * The call's deadline as a {@link System#nanoTime()} value: arrival time plus the smallest
     * {@code hbtp-timeout} (§11.2), or {@link #NO_DEADLINE}.
     */
    long deadlineNanos();

    /**
     * The milliseconds left before the deadline (0 once it has passed), or -1 when the call has no
     * deadline.
     */
    default long remainingMillis() {
        long deadline = deadlineNanos();
        if (deadline == NO_DEADLINE) {
            return -1;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Whether the call was cancelled: RpcCancel, deadline passed, connection closed or drain cut short. */
    boolean isCancelled();

    /**
     * Registers a listener that runs once when the call is cancelled, on the channel's event loop; at
     * once on the calling thread if it already is. It does not run when the call completes normally.
     */
    @Override
    void onCancel(Runnable listener);

    /**
     * Options for a call made on this caller's behalf: the {@linkplain #remainingMillis() remaining time}
     * as its timeout (when this call has a deadline) and this exchange as its cancellation.
     */
    default HbtpCallOptions callOptions() {
        HbtpCallOptions options = HbtpCallOptions.DEFAULT.withCancellation(this);
        long remaining = remainingMillis();
        return remaining < 0 ? options : options.withTimeoutMillis(Math.min(remaining, HbtpCallOptions.MAX_TIMEOUT_MILLIS));
    }

    /**
     * The caller's identity as the handshake's token check established it, or {@code null} without a
     * handshake or identity.
     */
    Object identity();

    /** Sends RpcResponse with {@code result}, which the exchange takes over and releases. */
    void respond(ByteBuf result);

    /**
     * Sends RpcResponse with a metadata block (§11.1) in front of {@code result}, which the exchange takes
     * over and releases.
     */
    void respond(ByteBuf result, HbtpMetadata metadata);

    /**
     * Sends RpcResponse with a body compressed ahead of time, as is: no copy and no compression per send
     * (see {@link HbtpCompressedBody}). The exchange takes a retained duplicate; {@code body} stays the
     * caller's, who must hold its reference until this call returns. When an
     * {@linkplain #onAnswer answer hook} adds metadata, the body is decompressed and sent like
     * {@link #respond(ByteBuf, HbtpMetadata)}'s.
     */
    default void respond(HbtpCompressedBody body) {
        respond(body, HbtpMetadata.EMPTY);
    }

    /**
     * {@link #respond(HbtpCompressedBody)} with a metadata block (§11.1). Metadata lives inside the
     * compressed plaintext, so a non-empty block costs a decompression and a compression per send: the
     * fast path is the answer without metadata. This default always takes that slow path; the router's
     * and the upload receiver's exchanges send the stored bytes as is when the answer has no metadata.
     */
    default void respond(HbtpCompressedBody body, HbtpMetadata metadata) {
        respond(body.plaintext(alloc()), metadata);
    }

    /** Sends RpcError with a u16 code (§9 or ≥ 1000) and a UTF-8 message. */
    void fail(int code, String message);

    /** Sends RpcError with a metadata block (§11.1). */
    void fail(int code, String message, HbtpMetadata metadata);

    /** Sends RpcError with a §9 code. A fatal code still answers just this call. */
    default void fail(HbtpErrorCode code, String message) {
        fail(code.code(), message);
    }

    /** Whether the exchange has been completed. */
    boolean isDone();

    /**
     * The outcome once done: 0 for a response, otherwise the RpcError code ({@code TIMEOUT},
     * {@code CANCELLED} or {@code SHUTTING_DOWN} when the exchange was cancelled); -1 while not done.
     */
    int outcome();

    /**
     * Registers a listener that runs once when the exchange completes, on the thread that completed
     * it; if it has already completed (or completes while the listener is being registered), the
     * listener runs at once on the registering thread. Listeners registered before completion run in
     * the order they were registered, once the answer has been handed to the pipeline: for metrics and
     * logging. After-hooks that must shape the answer or run in reverse order use {@link #onAnswer}.
     */
    void onComplete(Consumer<HbtpExchange> listener);

    /**
     * Registers a hook that runs once when the outcome is decided and before the answer is built, on
     * the deciding thread, newest hook first; it may add answer metadata, and one that throws turns a
     * response into {@code HANDLER_FAILED} (see {@link HbtpAnswerHook}). Register it before the handler
     * can answer: if the outcome is already decided, the hook runs at once on the registering thread and
     * what it returns is dropped.
     */
    void onAnswer(HbtpAnswerHook hook);

    /** A per-exchange slot for middleware to pass a value to the handler (for example a principal). */
    Object attachment();

    /** Sets the per-exchange slot. */
    void attachment(Object value);
}
