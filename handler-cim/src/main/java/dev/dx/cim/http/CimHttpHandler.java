package dev.dx.cim.http;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.common.DrainRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves aggregated HTTP/1.x requests with a middleware chain and an application handler: every
 * {@link FullHttpRequest} becomes an {@link HttpExchange}, runs through the chain (if any) to the handler,
 * and its answer is written back in request order.
 *
 * <h2>Where it goes</h2>
 * <pre>{@code
 * p.addLast(new HttpServerCodec());                  // limits: initial line, header size
 * p.addLast(new HttpObjectAggregator(1 << 20));      // limit: request body; answers Expect: 100-continue
 * p.addLast(new CimHttpHandler(chain, router));      // one per connection
 * }</pre>
 * The aggregator is required: it turns the request into one {@link FullHttpRequest}, and it answers
 * {@code Expect: 100-continue} as soon as the request head arrives, before the body is read (with
 * {@code 100 Continue}, or {@code 413} when the declared length is over its limit, or {@code 417} for
 * another expectation), so this handler never sees an expectation. Do not add
 * {@code HttpServerExpectContinueHandler} as well. Answers with a {@code ChunkedInput} body
 * ({@link HttpExchange#respond(io.netty.handler.codec.http.HttpResponse, io.netty.handler.stream.ChunkedInput)})
 * need a {@code ChunkedWriteHandler} right after the codec:
 * {@code p.addLast(new HttpServerCodec(), new ChunkedWriteHandler(), aggregator, handler)}. {@code HttpServerCodec} knows HEAD requests and never
 * writes a body for them; this handler drops the body of a HEAD answer itself too, keeping its
 * {@code content-length}.
 *
 * <h2>Order and back-pressure</h2>
 * One request per connection is in the application's hands at a time. Pipelined requests that arrive
 * while one is in flight wait in this handler, and while any wait, the connection stops reading
 * ({@code autoRead} off), so TCP pushes back on the client; the next request is dispatched when the
 * answer before it is written. Answers therefore always go out in request order, whichever thread
 * answers and however late. At most {@link #MAX_WAITING} requests may wait; past that the connection is
 * closed. A client that pipelines a request with {@code Expect: 100-continue} behind
 * another may see the aggregator's {@code 100} before the earlier answer; clients that send the
 * expectation wait for it before pipelining more.
 *
 * <h2>Connections</h2>
 * HTTP/1.1 connections stay open unless the request or the answer says {@code connection: close};
 * HTTP/1.0 connections only when the request says {@code connection: keep-alive} (the answer then says
 * so too). A request that failed to decode is answered and the connection closed: {@code 431} when its
 * headers are over the codec's limit ({@code TooLongHttpHeaderException}), {@code 414} when its request
 * line is ({@code TooLongHttpLineException}), {@code 400} otherwise (a malformed request line or header). A handler or hook that throws answers {@code 500} and
 * the connection stays usable.
 *
 * <h2>Graceful shutdown</h2>
 * It claims a {@link DrainRequest} (which {@code DxReactor.shutdownGracefully} fires): with nothing in
 * flight the connection closes after its pending writes; otherwise the answer in flight is still
 * written, with {@code connection: close}, and the connection closes after it. Requests still waiting
 * are dropped unanswered (the client sees the connection close, as after any {@code connection: close}).
 * At the drain's deadline the connection closes whatever is left.
 *
 * <h2>Ownership</h2>
 * Consumes every {@link FullHttpRequest}: the exchange releases it when answered; waiting requests are
 * released when the connection closes or this handler is removed. Other messages are passed on
 * untouched. Not {@code @Sharable}: it keeps per-connection state, so create one per channel (the chain
 * and the handler it runs are shared).
 */
public final class CimHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(CimHttpHandler.class);

    /**
     * How many pipelined requests may wait behind the one in flight. Reading stops as soon as one waits,
     * but the requests already in the last read buffer still arrive; a client that packs more than this
     * into it is cut off (the connection closes unanswered).
     */
    public static final int MAX_WAITING = 64;

    private final CimHandler<HttpExchange> handler;
    private final AnswerWriter writer = this::writeAnswer;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(4);
    private ChannelHandlerContext ctx;
    private HttpExchange inFlight;
    private boolean dispatching;
    private boolean readPaused;
    private boolean closing;
    private boolean removed;

    /** Runs {@code handler} (a {@link CimHttpRouter}, or any handler) for every request, with no chain. */
    public CimHttpHandler(CimHandler<? super HttpExchange> handler) {
        this.handler = HttpChains.handler(checkNotNull(handler, "handler"));
    }

    /**
     * Runs {@code chain} around {@code handler} for every request. A chain's exchange type may be
     * {@code Exchange} or {@code HttpExchange}. Do not give the router chains as well: an exchange runs
     * one chain.
     */
    public CimHttpHandler(CimChain<? super HttpExchange> chain, CimHandler<? super HttpExchange> handler) {
        this.handler = HttpChains.around(checkNotNull(chain, "chain"), checkNotNull(handler, "handler"));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closing = true;
        removed = true;
        releaseWaiting();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        if (closing) {
            request.release();
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            LOG.debug("closing {}: more than {} pipelined requests wait for an answer", ctx.channel(), MAX_WAITING);
            request.release();
            closing = true;
            releaseWaiting();
            ctx.close();
            return;
        }
        waiting.add(request);
        dispatchWaiting();
        if (!waiting.isEmpty() && !readPaused && !closing) {
            readPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainRequest && !closing) {
            DrainRequest drain = (DrainRequest) evt;
            drain.claim();
            drain(drain.remainingNanos());
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Stops taking requests: closes now if idle, else after the answer in flight, at the latest in {@code nanos}. */
    private void drain(long nanos) {
        closing = true;
        releaseWaiting();
        if (inFlight == null) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.executor().schedule((Runnable) ctx::close, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {} after an exception", ctx.channel(), cause);
        closing = true;
        releaseWaiting();
        ctx.close();
    }

    /** Dispatches waiting requests, one at a time, while nothing is in flight. Never re-entered. */
    private void dispatchWaiting() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            FullHttpRequest next;
            while (inFlight == null && !closing && (next = waiting.poll()) != null) {
                dispatch(next);
            }
        } finally {
            dispatching = false;
        }
        if (readPaused && waiting.isEmpty() && !closing) {
            readPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void dispatch(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            badRequest(request, result.cause());
            return;
        }
        HttpExchange exchange = new HttpExchange(request, ctx.channel(), writer);
        inFlight = exchange;
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.hookFailed(t);
        }
    }

    private void badRequest(FullHttpRequest request, Throwable cause) {
        HttpVersion version = request.protocolVersion();
        request.release();
        String why = cause == null || cause.getMessage() == null ? "malformed request" : cause.getMessage();
        HttpResponseStatus status = statusFor(cause);
        String text = status == HttpResponseStatus.BAD_REQUEST ? "bad request: " + why
                : status.reasonPhrase().toLowerCase(Locale.ROOT) + ": " + why;
        FullHttpResponse r = HttpAnswers.text(ctx.channel(), version, status, text);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closeAfter(HttpAnswer.full(HttpAnswers.frame(r, false)));
    }

    /** 431 for headers over the codec's limit, 414 for a request line over it, else 400. */
    static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** Writes the answer to the request in flight: the {@link AnswerWriter} of this connection's exchanges. */
    private void writeAnswer(HttpExchange exchange, HttpAnswer answer, boolean keepAlive) {
        if (exchange != inFlight || removed || !ctx.channel().isActive()) {
            answer.release();
            return;
        }
        inFlight = null;
        if (closing) {
            // draining: the answer in flight still goes, and the connection closes after it
            answer.head().headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (!keepAlive || closing) {
            closeAfter(answer);
            return;
        }
        answer.writeTo(ctx, ctx.voidPromise());
        dispatchWaiting();
    }

    private void closeAfter(HttpAnswer answer) {
        closing = true;
        releaseWaiting();
        ChannelPromise written = ctx.newPromise();
        answer.writeTo(ctx, written);
        written.addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseWaiting() {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }
}
