package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.AnswerHooks;
import dev.dx.codec.hbtp.secure.HbtpPeerIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

/**
 * {@link HbtpRouter}'s exchange: one RpcCall (or, as {@link RouterStream}, one RpcStreamStart), completed
 * once from any thread, by its handler
 * ({@link #respond}, {@link #fail}) or by the router ({@link #cancel}: deadline, RpcCancel, drain, close).
 * Whoever wins the outcome releases the call and sends the one answer; everyone else's answer is released.
 */
sealed class RouterExchange implements HbtpExchange permits RouterStream {

    private static final AtomicIntegerFieldUpdater<RouterExchange> OUTCOME =
            AtomicIntegerFieldUpdater.newUpdater(RouterExchange.class, "outcome");
    private static final AtomicReferenceFieldUpdater<RouterExchange, Listener> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(RouterExchange.class, Listener.class, "listeners");

    final HbtpRouter router;
    private final HbtpFrame call;
    // copied out of the call: the call frame is released (and may be pooled and reused) on completion,
    // while listeners and late callers may still ask for these. The route id (high 16 bits) and the
    // sequence (low 16) share one field: with the attachment kept in Rare, a plain call's exchange takes
    // 48 bytes instead of 56.
    private final int routeAndSequence;
    private final int flags;
    private final ByteBuf arguments;
    /** What only HBTP/1.1 calls need (metadata, deadline, cancellation listeners); null for a plain call. */
    private Rare rare;
    private volatile int outcome = -1;
    /**
     * Completion listeners and answer hooks registered before completion, newest first;
     * {@link Listener#TAKEN} once the listeners have run. Lock-free so that completing an exchange nobody
     * listens to costs one volatile read; one list for both, so that answer hooks add no field (and no
     * bytes) to an exchange that has none.
     */
    private volatile Listener listeners;
    private volatile boolean cancelled;
    /** Event loop only: the one answer has been handed to the pipeline (a stream's later chunks are dropped). */
    boolean answerWritten;
    /** Event loop only: the call is in the router's open table. */
    boolean tracked;

    /**
     * The parts of an exchange that a plain call never uses, kept apart so that a plain call allocates no
     * more than it did before HBTP/1.1.
     */
    private static final class Rare {
        /** Final, so that a Rare made by {@code onCancel} on another thread is seen whole. */
        final HbtpMetadata metadata;
        final long timeoutMillis;
        final long deadlineNanos;
        /** Cancellation listeners; guarded by the exchange. */
        List<Runnable> cancelListeners;
        /** Event loop only: the deadline's timer, when the call outlived its handler's return. */
        ScheduledFuture<?> timer;
        /** {@link #attachment(Object)}'s slot, which most exchanges never use. */
        Object attachment;

        Rare(HbtpMetadata metadata) {
            this.metadata = metadata;
            this.timeoutMillis = metadata.timeoutMillis();
            this.deadlineNanos = timeoutMillis < 0 ? NO_DEADLINE
                    : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }
    }

    RouterExchange(HbtpRouter router, HbtpFrame call) {
        this.router = router;
        this.call = call;
        int sequence = call.sequence();
        this.flags = call.flags();
        ByteBuf body = call.content();
        int start = body.readerIndex();
        if ((flags & HbtpFlags.HAS_METADATA) != 0) {
            // the decoder has checked the block; it is read here once, not walked again
            int size = HbtpMetadata.blockLength(body, start);
            rare = new Rare(HbtpMetadata.readChecked(body, start, size));
            start += size;
        }
        this.routeAndSequence = body.getUnsignedShortLE(start) << 16 | sequence;
        // the call's own body slice narrowed to the arguments when the router alone holds it (no object
        // per call; the call is only ever released from here on), else a slice of the body
        this.arguments = call.tail(start + 2);
    }

    /** The call's smallest {@code hbtp-timeout} in milliseconds, or -1 (§11.2). */
    long timeoutMillis() {
        Rare r = rare;
        return r == null ? -1 : r.timeoutMillis;
    }

    /** Event loop only: the deadline's timer, set by the router when the call outlives its handler. */
    void timer(ScheduledFuture<?> timer) {
        rare.timer = timer; // only calls with a deadline get one, and those have metadata
    }

    /** Event loop only: cancels the deadline's timer, if any. */
    void cancelTimer() {
        Rare r = rare;
        if (r != null && r.timer != null) {
            r.timer.cancel(false);
        }
    }

    @Override
    public Channel channel() {
        return router.ctx.channel();
    }

    @Override
    public int sequence() {
        return routeAndSequence & 0xFFFF;
    }

    @Override
    public int route() {
        return routeAndSequence >>> 16;
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
        Rare r = rare;
        return r == null ? HbtpMetadata.EMPTY : r.metadata;
    }

    @Override
    public long deadlineNanos() {
        Rare r = rare;
        return r == null ? NO_DEADLINE : r.deadlineNanos;
    }

    @Override
    public Object identity() {
        return HbtpPeerIdentity.of(channel());
    }

    @Override
    public void respond(ByteBuf result) {
        respond(result, HbtpMetadata.EMPTY);
    }

    @Override
    public void respond(ByteBuf result, HbtpMetadata metadata) {
        respond(result, null, metadata);
    }

    @Override
    public void respond(HbtpCompressedBody body, HbtpMetadata metadata) {
        respond(null, checkNotNull(body, "body"), metadata);
    }

    /** Answers with {@code result} (taken over) or, when it is null, with {@code stored} (borrowed). */
    private void respond(ByteBuf result, HbtpCompressedBody stored, HbtpMetadata metadata) {
        checkNotNull(metadata, "metadata");
        if (!OUTCOME.compareAndSet(this, -1, 0)) {
            ReferenceCountUtil.release(result);
            return;
        }
        call.release();
        HbtpMetadata answerMetadata = metadata;
        if (listeners != null) {
            try {
                answerMetadata = runAnswerHooks(0, metadata);
            } catch (AnswerHooks.HookFailure e) {
                HbtpRouter.LOG.warn("an answer hook of call {} on {} threw; answering HANDLER_FAILED", sequence(),
                        channel(), e.getCause());
                ReferenceCountUtil.release(result);
                int code = HbtpErrorCode.HANDLER_FAILED.code();
                outcome = code;
                router.send(HbtpFrame.rpcError(alloc(), sequence(), code, "handler failed", e.metadata()), this);
                completed();
                return;
            }
        }
        router.send(stored == null ? answer(result, answerMetadata) : answer(stored, answerMetadata), this);
        completed();
    }

    /**
     * Runs the answer hooks no one has run yet, newest first, once the outcome is set; returns the
     * answer's metadata.
     */
    private HbtpMetadata runAnswerHooks(int code, HbtpMetadata metadata) throws AnswerHooks.HookFailure {
        List<HbtpAnswerHook> hooks = null;
        for (Listener l = listeners; l != null && l != Listener.TAKEN; l = l.next) {
            if (l.hook != null && l.claim()) {
                if (hooks == null) {
                    hooks = new ArrayList<>(2);
                }
                hooks.add(0, l.hook); // AnswerHooks.run wants registration order
            }
        }
        return hooks == null ? metadata : AnswerHooks.run(hooks, this, code, metadata);
    }

    /** {@link #runAnswerHooks} for an error answer, which keeps its code whatever the hooks do. */
    private HbtpMetadata runAnswerHooksForError(int code, HbtpMetadata metadata) {
        if (listeners == null) {
            return metadata;
        }
        try {
            return runAnswerHooks(code, metadata);
        } catch (AnswerHooks.HookFailure e) {
            HbtpRouter.LOG.warn("an answer hook of call {} on {} threw", sequence(), channel(), e.getCause());
            return e.metadata();
        }
    }

    @Override
    public void onAnswer(HbtpAnswerHook hook) {
        checkNotNull(hook, "hook");
        Listener node = new Listener(null, hook, null);
        if (!push(node)) {
            runLate(node);
        }
    }

    /**
     * Adds {@code node} to the listener list unless the exchange is done. Returns {@code false} when the
     * caller must run it itself: the exchange was done first, or became done while the node joined (the
     * answering thread may have looked at the list just before), in which case whatever is left is run.
     */
    private boolean push(Listener node) {
        while (!isDone()) {
            Listener head = listeners;
            if (head == Listener.TAKEN) {
                break;
            }
            node.next = head;
            if (LISTENERS.compareAndSet(this, head, node)) {
                if (isDone()) {
                    runListeners();
                }
                return true;
            }
        }
        return false;
    }

    /** Runs an answer hook registered once the outcome was decided; what it returns is dropped. */
    private void runLate(Listener node) {
        if (node.claim()) {
            try {
                node.hook.beforeAnswer(this, outcome);
            } catch (Throwable t) {
                HbtpRouter.LOG.warn("an answer hook of call {} on {} threw", sequence(), channel(), t);
            }
        }
    }

    /**
     * The frame that answers with {@code stored}: its bytes as they are when the answer has no metadata,
     * otherwise its plaintext behind the metadata block (compressed again by the encoder).
     */
    private HbtpFrame answer(HbtpCompressedBody stored, HbtpMetadata metadata) {
        return metadata.isEmpty() ? storedAnswer(stored) : answer(stored.plaintext(alloc()), metadata);
    }

    /** The frame that answers with {@code stored}'s bytes as they are: RpcResponse for a call. */
    HbtpFrame storedAnswer(HbtpCompressedBody stored) {
        return stored.frame(HbtpOpcode.RPC_RESPONSE, 0, sequence());
    }

    /** The frame that answers with {@code result}: RpcResponse for a call. */
    HbtpFrame answer(ByteBuf result, HbtpMetadata metadata) {
        return metadata.isEmpty() ? HbtpFrame.rpcResponse(sequence(), result)
                : HbtpFrame.rpcResponse(alloc(), sequence(), metadata, result);
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
        if (!OUTCOME.compareAndSet(this, -1, code)) {
            return;
        }
        call.release();
        HbtpMetadata answerMetadata = runAnswerHooksForError(code, metadata);
        router.send(HbtpFrame.rpcError(alloc(), sequence(), code, message, answerMetadata), this);
        completed();
    }

    /**
     * The router ends the call (event loop): answers {@code code} if nobody has answered yet, and tells
     * the handler through its cancellation listeners.
     */
    void cancel(HbtpErrorCode code, String message) {
        if (!OUTCOME.compareAndSet(this, -1, code.code())) {
            return;
        }
        call.release();
        List<Runnable> toRun;
        synchronized (this) {
            cancelled = true;
            Rare r = rare;
            toRun = r == null ? null : r.cancelListeners;
            if (r != null) {
                r.cancelListeners = null;
            }
        }
        HbtpMetadata answerMetadata = runAnswerHooksForError(code.code(), HbtpMetadata.EMPTY);
        router.send(HbtpFrame.rpcError(alloc(), sequence(), code.code(), message, answerMetadata), this);
        if (toRun != null) {
            toRun.forEach(this::runCancelListener);
        }
        completed();
    }

    private void runCancelListener(Runnable listener) {
        try {
            listener.run();
        } catch (Throwable t) {
            HbtpRouter.LOG.warn("a cancellation listener of call {} on {} threw", sequence(), channel(), t);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable listener) {
        checkNotNull(listener, "listener");
        synchronized (this) {
            if (!cancelled) {
                // (after a normal answer the listener simply never runs)
                Rare r = rare;
                if (r == null) {
                    rare = r = new Rare(HbtpMetadata.EMPTY);
                }
                if (r.cancelListeners == null) {
                    r.cancelListeners = new ArrayList<>(2);
                }
                r.cancelListeners.add(listener);
                return;
            }
        }
        listener.run();
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
        if (!push(new Listener(listener, null, null))) {
            listener.accept(this);
        }
    }

    /** Runs the listeners after the outcome is set: see {@link #onComplete} for the other half. */
    private void completed() {
        if (listeners != null) {
            runListeners();
        }
    }

    /**
     * Takes the registered listeners (once: whoever takes them runs them) and runs them in order; an
     * answer hook nobody has run yet (registered as the outcome was being decided) runs late.
     */
    private void runListeners() {
        Listener taken = LISTENERS.getAndSet(this, Listener.TAKEN);
        if (taken == null || taken == Listener.TAKEN) {
            return;
        }
        List<Listener> inOrder = new ArrayList<>();
        for (Listener l = taken; l != null; l = l.next) {
            inOrder.add(l);
        }
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            Listener l = inOrder.get(i);
            if (l.hook != null) {
                runLate(l);
            } else {
                l.listener.accept(this);
            }
        }
    }

    @Override
    public Object attachment() {
        Rare r = rare;
        return r == null ? null : r.attachment;
    }

    @Override
    public void attachment(Object value) {
        Rare r = rare;
        if (r == null) {
            if (value == null) {
                return; // the slot reads null already
            }
            synchronized (this) { // as onCancel makes it, so neither loses the other's
                r = rare;
                if (r == null) {
                    rare = r = new Rare(HbtpMetadata.EMPTY);
                }
            }
        }
        r.attachment = value;
    }

    @Override
    public String toString() {
        return "HbtpExchange(route=" + route() + ", seq=" + sequence() + ", outcome=" + outcome
                + (cancelled ? ", cancelled" : "") + ")";
    }

    /** One registered completion listener or answer hook, and the ones registered before it. */
    private static final class Listener {
        /** Marks the listeners of an exchange as taken by the thread that runs them. */
        static final Listener TAKEN = new Listener(null, null, null);
        private static final AtomicIntegerFieldUpdater<Listener> CLAIMED =
                AtomicIntegerFieldUpdater.newUpdater(Listener.class, "claimed");

        final Consumer<HbtpExchange> listener;
        final HbtpAnswerHook hook;
        /** Set before the node is published by the CAS that pushes it. */
        Listener next;
        /** An answer hook runs once: whoever claims it (the answering thread, or a late registrant). */
        private volatile int claimed;

        Listener(Consumer<HbtpExchange> listener, HbtpAnswerHook hook, Listener next) {
            this.listener = listener;
            this.hook = hook;
            this.next = next;
        }

        boolean claim() {
            return CLAIMED.compareAndSet(this, 0, 1);
        }
    }
}
