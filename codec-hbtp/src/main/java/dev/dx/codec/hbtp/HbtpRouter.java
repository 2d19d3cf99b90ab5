package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

/**
 * Dispatches RpcCall frames to the handlers of an {@link HbtpRouteTable} (spec §7) and writes their
 * answers.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <p>Consumes RpcCall frames (each is released when its exchange completes) and passes every other
 * message on. A route id with no handler is answered with RpcError {@code ROUTE_NOT_FOUND}; a handler
 * that throws before completing, with {@code HANDLER_FAILED}. Handlers may complete later from any
 * thread: the answer is handed to the channel's event loop. A call whose sequence is still waiting
 * for its answer (§7: the client must not reuse it) is {@code BAD_FRAME}: Close, then the channel is
 * closed. Answers written while a read is in
 * progress are flushed once at {@code channelReadComplete}, so pipelined calls share a flush. Not
 * {@code @Sharable} (it keeps that flush state); the table is shared.
 */
public class HbtpRouter extends ChannelInboundHandlerAdapter {

    private final HbtpRouteTable routes;
    private ChannelHandlerContext ctx;
    private boolean reading;
    private boolean needsFlush;
    private boolean failed;
    /** Sequences of calls answered asynchronously and still open; allocated on first use. */
    private BitSet open;

    /** Creates a router over {@code routes}. */
    public HbtpRouter(HbtpRouteTable routes) {
        this.routes = checkNotNull(routes, "routes");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame) || ((HbtpFrame) msg).opcode() != HbtpOpcode.RPC_CALL.code()) {
            ctx.fireChannelRead(msg);
            return;
        }
        reading = true;
        HbtpFrame call = (HbtpFrame) msg;
        if (failed) {
            call.release();
            return;
        }
        int seq = call.sequence();
        if (open != null && open.get(seq)) {
            // §7: a client must not reuse a sequence still waiting for its answer.
            call.release();
            failed = true;
            ctx.writeAndFlush(HbtpFrame.close(ctx.alloc(), HbtpErrorCode.BAD_FRAME.code(),
                    "sequence " + seq + " reused while in flight")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Exchange exchange = new Exchange(this, call);
        HbtpRouteHandler handler = routes.handler(exchange.route);
        if (handler == null) {
            exchange.fail(HbtpErrorCode.ROUTE_NOT_FOUND, "no route " + exchange.route);
            return;
        }
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            if (!exchange.isDone()) {
                exchange.fail(HbtpErrorCode.HANDLER_FAILED, String.valueOf(t.getMessage()));
            }
        }
        if (!exchange.isDone()) {
            if (open == null) {
                open = new BitSet();
            }
            open.set(seq);
            exchange.tracked = true;
        }
    }

    /** The number of calls whose handlers have not answered yet. */
    public int openCalls() {
        return open == null ? 0 : open.cardinality();
    }

    /**
     * Drops the {@link ClosedChannelException} of an answer that was still queued when the connection
     * closed (answers are written with the void promise, whose failures arrive here): the caller has
     * gone and nothing is left to do. Every other exception is passed on.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ClosedChannelException && !ctx.channel().isActive()) {
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    private void send(HbtpFrame answer, Exchange exchange) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            sendInLoop(answer, exchange);
        } else {
            loop.execute(() -> sendInLoop(answer, exchange));
        }
    }

    private void sendInLoop(HbtpFrame answer, Exchange exchange) {
        if (exchange.tracked && open != null) {
            open.clear(answer.sequence());
        }
        if (!ctx.channel().isActive()) {
            answer.release(); // the caller has gone: nobody to answer
            return;
        }
        if (reading) {
            ctx.write(answer, ctx.voidPromise());
            needsFlush = true;
        } else {
            ctx.writeAndFlush(answer, ctx.voidPromise());
        }
    }

    /** One registered completion listener and the ones registered before it. */
    private static final class Listener {
        /** Marks the listeners of an exchange as taken by the thread that runs them. */
        static final Listener TAKEN = new Listener(null, null);

        final Consumer<HbtpExchange> listener;
        final Listener next;

        Listener(Consumer<HbtpExchange> listener, Listener next) {
            this.listener = listener;
            this.next = next;
        }
    }

    /** The router's exchange: completes once, from any thread. */
    private static final class Exchange implements HbtpExchange {

        private static final AtomicIntegerFieldUpdater<Exchange> OUTCOME =
                AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "outcome");
        private static final AtomicReferenceFieldUpdater<Exchange, Listener> LISTENERS =
                AtomicReferenceFieldUpdater.newUpdater(Exchange.class, Listener.class, "listeners");

        private final HbtpRouter router;
        private final HbtpFrame call;
        private final int route;
        // copied out of the call: the call frame is released (and may be pooled and reused) on completion,
        // while listeners and late callers may still ask for these
        private final int sequence;
        private final int flags;
        private final ByteBuf arguments;
        private volatile int outcome = -1;
        /**
         * Listeners registered before completion, newest first; {@link Listener#TAKEN} once run.
         * Lock-free so that completing an exchange nobody listens to costs one volatile read.
         */
        private volatile Listener listeners;
        private Object attachment;
        /** Set on the event loop when the call stayed open after its handler returned. */
        boolean tracked;

        Exchange(HbtpRouter router, HbtpFrame call) {
            this.router = router;
            this.call = call;
            this.sequence = call.sequence();
            this.flags = call.flags();
            ByteBuf body = call.content();
            this.route = body.getUnsignedShortLE(body.readerIndex());
            this.arguments = body.slice(body.readerIndex() + 2, body.readableBytes() - 2);
        }

        @Override
        public Channel channel() {
            return router.ctx.channel();
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
        public void respond(ByteBuf result) {
            if (!OUTCOME.compareAndSet(this, -1, 0)) {
                ReferenceCountUtil.release(result);
                return;
            }
            call.release();
            router.send(HbtpFrame.rpcResponse(sequence, result), this);
            completed();
        }

        @Override
        public void fail(int code, String message) {
            if (code < 0 || code > 0xFFFF) {
                throw new IllegalArgumentException("code : " + code + " (expected: 0-65535)");
            }
            if (!OUTCOME.compareAndSet(this, -1, code)) {
                return;
            }
            call.release();
            router.send(HbtpFrame.rpcError(router.ctx.alloc(), sequence, code, message), this);
            completed();
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
            while (!isDone()) {
                Listener head = listeners;
                if (head == Listener.TAKEN) {
                    break;
                }
                if (LISTENERS.compareAndSet(this, head, new Listener(listener, head))) {
                    // Completion may have read the list just before this listener joined it; then
                    // isDone() is already true here and this thread runs what is left.
                    if (isDone()) {
                        runListeners();
                    }
                    return;
                }
            }
            listener.accept(this);
        }

        /** Runs the listeners after the outcome is set: see {@link #onComplete} for the other half. */
        private void completed() {
            if (listeners != null) {
                runListeners();
            }
        }

        /** Takes the registered listeners (once: whoever takes them runs them) and runs them in order. */
        private void runListeners() {
            Listener taken = LISTENERS.getAndSet(this, Listener.TAKEN);
            if (taken == null || taken == Listener.TAKEN) {
                return;
            }
            List<Consumer<HbtpExchange>> inOrder = new ArrayList<>();
            for (Listener l = taken; l != null; l = l.next) {
                inOrder.add(l.listener);
            }
            for (int i = inOrder.size() - 1; i >= 0; i--) {
                inOrder.get(i).accept(this);
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
    }
}
