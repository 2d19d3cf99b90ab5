package dev.dx.codec.hbtp.stream;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpAnswerHook;
import dev.dx.codec.hbtp.HbtpCompressedBody;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.internal.AnswerHooks;
import dev.dx.codec.hbtp.internal.HbtpUploadOpener;
import dev.dx.codec.hbtp.secure.HbtpPeerIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An upload stream's RpcStreamStart as the route table's interceptors see it, and the stream's outcome
 * afterwards. {@link HbtpStreamReceiver} makes one per start on an upload route and runs the route's
 * intercepted handler on it; the innermost step ({@link #open}) opens the consumer.
 *
 * <p>An interceptor that answers ({@link #respond}, {@link #fail}) before the chain reaches the handler
 * refuses the stream: the answer goes out and no consumer opens. The consumer answers through
 * {@link HbtpStreamSubscription#exchange()}, normally once RpcStreamEnd has arrived; an answer sent while
 * the stream is still open (by the consumer, an interceptor that kept the exchange, or the deadline) ends
 * it: its queued chunks are released and its consumer's {@code onAbort} runs. The exchange is done when
 * answered, with the answer's code (0 for RpcResponse). {@link #arguments()} is valid only while the
 * chain runs.
 *
 * <p>Event loop only, except {@link #respond}, {@link #fail}, {@link #onCancel}, {@link #onComplete} and
 * {@link #onAnswer},
 * which may be called from any thread and then run on the channel's event loop.
 */
final class UploadExchange implements HbtpExchange, HbtpUploadOpener {

    private final HbtpStreamReceiver receiver;
    private final Channel channel;
    private final int sequence;
    private final int route;
    private final int flags;
    private final HbtpMetadata metadata;
    private final long deadlineNanos;
    private ByteBuf arguments;
    private volatile int outcome = -1;
    private volatile boolean cancelled;
    private boolean opened;
    private List<Runnable> cancelListeners;
    private List<Consumer<HbtpExchange>> completeListeners;
    /** Created by the first {@link #onAnswer}. */
    private List<HbtpAnswerHook> answerHooks;
    private ScheduledFuture<?> timer;
    private Object attachment;

    UploadExchange(HbtpStreamReceiver receiver, Channel channel, HbtpFrame start) {
        this.receiver = receiver;
        this.channel = channel;
        this.sequence = start.sequence();
        this.route = start.route();
        this.flags = start.flags();
        this.metadata = start.hasFlag(HbtpFlags.HAS_METADATA) ? start.metadata() : HbtpMetadata.EMPTY;
        long timeout = metadata.timeoutMillis();
        this.deadlineNanos = timeout < 0 ? NO_DEADLINE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        this.arguments = start.arguments();
    }

    /** The chain has returned: the arguments are no longer valid. */
    void chainReturned() {
        arguments = Unpooled.EMPTY_BUFFER;
    }

    /** Whether the chain reached the route's handler and its consumer opened. */
    boolean opened() {
        return opened;
    }

    @Override
    public void open(HbtpStreamHandler handler) throws Exception {
        if (opened || isDone()) {
            throw new IllegalStateException("upload stream " + sequence + " is already "
                    + (opened ? "open" : "answered"));
        }
        opened = true;
        receiver.openUpload(this, handler.open(channel, sequence, arguments));
    }

    /** Starts the deadline's timer, if the start carried {@code hbtp-timeout} (§11.2). */
    void armDeadline(EventExecutor executor) {
        if (deadlineNanos != NO_DEADLINE && !isDone()) {
            long delay = Math.max(0, deadlineNanos - System.nanoTime());
            timer = executor.schedule(() -> end(HbtpErrorCode.TIMEOUT.code(), "deadline exceeded", true),
                    delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Ends with RpcError {@code code} (or, with a null message, with no answer). Event loop only. */
    void end(int code, String message, boolean cancel) {
        if (!isDone()) {
            HbtpMetadata answerMetadata = decide(code, HbtpMetadata.EMPTY);
            complete(message == null ? null
                    : HbtpFrame.rpcError(channel.alloc(), sequence, code, message, answerMetadata), cancel);
        }
    }

    /**
     * Sets the outcome (event loop, not yet done) and runs the answer hooks. Returns the answer's
     * metadata, or {@code null} when a hook threw on a response, which then becomes HANDLER_FAILED
     * (the outcome says so).
     */
    private HbtpMetadata decide(int code, HbtpMetadata answerMetadata) {
        outcome = code;
        List<HbtpAnswerHook> hooks = answerHooks;
        answerHooks = null;
        if (hooks == null) {
            return answerMetadata;
        }
        try {
            return AnswerHooks.run(hooks, this, code, answerMetadata);
        } catch (AnswerHooks.HookFailure e) {
            HbtpStreamReceiver.LOG.warn("an answer hook of upload {} on {} threw", sequence, channel, e.getCause());
            if (code == 0) {
                outcome = HbtpErrorCode.HANDLER_FAILED.code();
                return null;
            }
            return e.metadata();
        }
    }

    /**
     * Sends {@code answer} (if not null) once the outcome is decided, which ends the stream if it is still
     * open; tells the cancellation listeners when {@code cancel} is set; runs the completion listeners.
     * Event loop only.
     */
    private void complete(HbtpFrame answer, boolean cancel) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (answer != null) {
            receiver.answer(answer, this);
        } else {
            receiver.answered(this);
        }
        if (cancel) {
            cancelled = true;
            List<Runnable> toRun = cancelListeners;
            cancelListeners = null;
            if (toRun != null) {
                toRun.forEach(this::runCancelListener);
            }
        }
        List<Consumer<HbtpExchange>> done = completeListeners;
        completeListeners = null;
        if (done != null) {
            for (Consumer<HbtpExchange> l : done) {
                l.accept(this);
            }
        }
    }

    private void runCancelListener(Runnable listener) {
        try {
            listener.run();
        } catch (Throwable t) {
            HbtpStreamReceiver.LOG.warn("a cancellation listener of upload {} on {} threw", sequence, channel, t);
        }
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public int sequence() {
        return sequence;
    }

    @Override
    public int route() {
        return route;
    }

    @Override
    public ByteBuf arguments() {
        return arguments;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public HbtpMetadata metadata() {
        return metadata;
    }

    @Override
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable listener) {
        checkNotNull(listener, "listener");
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> onCancel(listener));
        } else if (cancelled) {
            runCancelListener(listener);
        } else if (!isDone()) {
            if (cancelListeners == null) {
                cancelListeners = new ArrayList<>(2);
            }
            cancelListeners.add(listener);
        }
    }

    @Override
    public Object identity() {
        return HbtpPeerIdentity.of(channel);
    }

    @Override
    public void respond(ByteBuf result) {
        respond(result, HbtpMetadata.EMPTY);
    }

    @Override
    public void respond(ByteBuf result, HbtpMetadata metadata) {
        checkNotNull(metadata, "metadata");
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> respond(result, metadata));
        } else if (isDone()) {
            ReferenceCountUtil.release(result);
        } else {
            HbtpMetadata answerMetadata = decide(0, metadata);
            if (answerMetadata == null) {
                ReferenceCountUtil.release(result);
                complete(HbtpFrame.rpcError(channel.alloc(), sequence, outcome, "handler failed"), false);
            } else {
                complete(answerMetadata.isEmpty() ? HbtpFrame.rpcResponse(sequence, result)
                        : HbtpFrame.rpcResponse(channel.alloc(), sequence, answerMetadata, result), false);
            }
        }
    }

    /**
     * Sends the stored bytes as they are when the answer has no metadata, else its plaintext behind the
     * block. From another thread the body is retained until the event loop has answered with it.
     */
    @Override
    public void respond(HbtpCompressedBody body, HbtpMetadata metadata) {
        checkNotNull(body, "body");
        checkNotNull(metadata, "metadata");
        if (!channel.eventLoop().inEventLoop()) {
            body.retain();
            channel.eventLoop().execute(() -> {
                try {
                    respond(body, metadata);
                } finally {
                    body.release();
                }
            });
        } else if (!isDone()) {
            HbtpMetadata answerMetadata = decide(0, metadata);
            if (answerMetadata == null) {
                complete(HbtpFrame.rpcError(channel.alloc(), sequence, outcome, "handler failed"), false);
            } else if (answerMetadata.isEmpty()) {
                complete(body.frame(HbtpOpcode.RPC_RESPONSE, 0, sequence), false);
            } else {
                complete(HbtpFrame.rpcResponse(channel.alloc(), sequence, answerMetadata,
                        body.plaintext(channel.alloc())), false);
            }
        }
    }

    @Override
    public void fail(int code, String message) {
        fail(code, message, HbtpMetadata.EMPTY);
    }

    @Override
    public void fail(int code, String message, HbtpMetadata metadata) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code : " + code + " (expected: 0-65535)");
        }
        checkNotNull(metadata, "metadata");
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> fail(code, message, metadata));
        } else if (!isDone()) {
            HbtpMetadata answerMetadata = decide(code, metadata);
            complete(HbtpFrame.rpcError(channel.alloc(), sequence, code, message, answerMetadata), false);
        }
    }

    @Override
    public boolean isDone() {
        return outcome != -1;
    }

    @Override
    public int outcome() {
        return outcome;
    }

    @Override
    public void onComplete(Consumer<HbtpExchange> listener) {
        checkNotNull(listener, "listener");
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> onComplete(listener));
        } else if (isDone()) {
            listener.accept(this);
        } else {
            if (completeListeners == null) {
                completeListeners = new ArrayList<>(2);
            }
            completeListeners.add(listener);
        }
    }

    @Override
    public void onAnswer(HbtpAnswerHook hook) {
        checkNotNull(hook, "hook");
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> onAnswer(hook));
        } else if (isDone()) {
            runLate(hook);
        } else {
            if (answerHooks == null) {
                answerHooks = new ArrayList<>(2);
            }
            answerHooks.add(hook);
        }
    }

    /** Runs a hook registered after the answer was decided; what it returns is dropped. */
    private void runLate(HbtpAnswerHook hook) {
        try {
            hook.beforeAnswer(this, outcome);
        } catch (Throwable t) {
            HbtpStreamReceiver.LOG.warn("an answer hook of upload {} on {} threw", sequence, channel, t);
        }
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attachment(Object value) {
        this.attachment = value;
    }

    @Override
    public String toString() {
        return "HbtpExchange(upload, route=" + route + ", seq=" + sequence + ", outcome=" + outcome
                + (cancelled ? ", cancelled" : "") + ")";
    }
}
