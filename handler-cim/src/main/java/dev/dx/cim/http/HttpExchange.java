package dev.dx.cim.http;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.AbstractExchange;
import dev.dx.cim.Rejection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP request and its answer, created by {@link CimHttpHandler} for every aggregated request.
 *
 * <h2>The request</h2>
 * {@link #method()}, {@link #path()} (still percent-encoded, without the query),
 * {@link #queryParameter}, {@link #header}, {@link #pathParam} (set by {@link CimHttpRouter}), and
 * {@link #request()} itself, whose content stays valid until the exchange is answered: the exchange
 * releases the request when it is answered. Retain what must outlive the answer.
 *
 * <h2>The answer</h2>
 * Exactly once, from any thread: {@link #respond(FullHttpResponse)},
 * {@link #respond(HttpResponseStatus, ByteBuf, CharSequence)}, {@link #reject}, or with a streamed body
 * of known length: {@link #respond(HttpResponse, FileRegion)} (zero-copy where the transport can) and
 * {@link #respond(HttpResponse, ChunkedInput)} (needs a {@code ChunkedWriteHandler}). The first answer wins;
 * a later one is ignored and releases what it was given. Answering runs the chain's after-hooks on the
 * answering thread (an after-hook that throws turns the answer into a 500), adds the
 * {@linkplain #answerHeader answer headers}, sets {@code content-length} and {@code connection}, drops
 * the body of a HEAD answer, and hands the response to the connection's event loop, which writes the
 * answers of one connection in request order.
 */
public final class HttpExchange extends AbstractExchange {

    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(HttpExchange.class, "answered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final String[] NO_PARAMS = new String[0];

    private final FullHttpRequest request;
    private final Channel channel;
    private final AnswerWriter writer;
    private final String method;
    private final String path;
    private final HttpVersion version;
    private final boolean head;
    private final boolean keepAliveRequested;

    private volatile int answered;
    private HttpHeaders answerHeaders;
    private boolean headersSealed;
    private String[] paramNames = NO_PARAMS;
    private String[] paramValues = NO_PARAMS;
    private QueryStringDecoder query;

    HttpExchange(FullHttpRequest request, Channel channel, AnswerWriter writer) {
        this.request = checkNotNull(request, "request");
        this.channel = checkNotNull(channel, "channel");
        this.writer = checkNotNull(writer, "writer");
        this.method = request.method().name();
        this.path = RequestTarget.path(request.uri());
        this.version = request.protocolVersion();
        this.head = HttpMethod.HEAD.equals(request.method());
        this.keepAliveRequested = HttpUtil.isKeepAlive(request);
    }

    // ---------------------------------------------------------------- the request

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public String method() {
        return method;
    }

    /** The path without the query, still percent-encoded as the client sent it: {@code "/api/users/42"}. */
    @Override
    public String path() {
        return path;
    }

    @Override
    public int route() {
        return -1;
    }

    @Override
    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** Always {@code null}: HTTP has no transport identity; authentication middleware sets an attribute. */
    @Override
    public Object identity() {
        return null;
    }

    /**
     * The request, for its headers, URI and content. The content is valid until the exchange is
     * answered (answering releases the request); {@code retain()} what must outlive the answer.
     */
    public FullHttpRequest request() {
        return request;
    }

    /** The request's HTTP version. */
    public HttpVersion protocolVersion() {
        return version;
    }

    /** The channel the request came over. */
    public Channel channel() {
        return channel;
    }

    /** The query parameters, decoded (form rules: {@code +} is a space), in request order; empty if none. */
    public Map<String, List<String>> queryParameters() {
        QueryStringDecoder q = query;
        if (q == null) {
            query = q = new QueryStringDecoder(request.uri());
        }
        return q.parameters();
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    public String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The path parameter {@code name} of the route that matched ({@code id} in {@code /api/users/{id}}),
     * percent-decoded as UTF-8, or {@code null} when the route has no such parameter.
     */
    public String pathParam(String name) {
        String[] names = paramNames;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return paramValues[i];
            }
        }
        return null;
    }

    /** Set by the router: the matched route's parameter names and their decoded values. */
    void pathParams(String[] names, String[] values) {
        this.paramNames = names;
        this.paramValues = values;
    }

    // ---------------------------------------------------------------- the answer

    @Override
    public boolean isAnswered() {
        return answered != 0;
    }

    /**
     * Answers with {@code status} and {@code body} (may be {@code null} for none), with
     * {@code content-type: contentType} when it is not {@code null}. Takes ownership of {@code body}.
     * Ignored, releasing {@code body}, if already answered.
     */
    public void respond(HttpResponseStatus status, ByteBuf body, CharSequence contentType) {
        checkNotNull(status, "status");
        if (isAnswered()) {
            release(body);
            return;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body == null ? Unpooled.EMPTY_BUFFER : body);
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        respond(r);
    }

    /**
     * Answers with {@code response}, taking ownership of it. Ignored, releasing the response, if already
     * answered. May be called from any thread.
     */
    public void respond(FullHttpResponse response) {
        checkNotNull(response, "response");
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            response.release();
            return;
        }
        FullHttpResponse r = response;
        boolean keepAlive;
        try {
            if (runAfterHooks()) {
                r.release();
                r = failed();
            }
            keepAlive = seal(r);
            r = HttpAnswers.frame(r, head);
        } finally {
            request.release();
        }
        send(HttpAnswer.full(r), keepAlive);
    }

    /**
     * Answers with {@code head} followed by {@code body}, a file region of {@code body.count()} bytes,
     * taking ownership of both. Transports that can (NIO, epoll, io_uring, kqueue, without TLS) send the
     * region zero-copy; use {@link #respond(HttpResponse, ChunkedInput)} where they cannot.
     * See {@link #respondStreamed} for what the two have in common.
     */
    public void respond(HttpResponse head, FileRegion body) {
        respondStreamed(head, StreamedBody.of(body));
    }

    /**
     * Answers with {@code head} followed by {@code body}, read chunk by chunk; its
     * {@link ChunkedInput#length()} must be known (not -1). Takes ownership of both: the input is closed
     * once written, or when the answer is dropped. Needs a {@code ChunkedWriteHandler} in the pipeline
     * between {@code HttpServerCodec} and {@code CimHttpHandler}:
     * <pre>{@code
     * p.addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new HttpObjectAggregator(1 << 20),
     *           new CimHttpHandler(chain, router));
     * }</pre>
     *
     * @throws IllegalArgumentException if the input's length is unknown (the input is closed)
     */
    public void respond(HttpResponse head, ChunkedInput<ByteBuf> body) {
        respondStreamed(head, StreamedBody.of(body));
    }

    /**
     * The streamed answer: like {@link #respond(FullHttpResponse)} (first answer wins, after-hooks, answer
     * headers, {@code connection}, request order), with {@code content-length} set to the body's length.
     * It goes out as {@code head}, the body, then {@code LastHttpContent.EMPTY_LAST_CONTENT}; if the body
     * fails half-way the connection is closed. The body is released unwritten when the exchange is
     * already answered, when an after-hook fails (the answer becomes a 500), and for HEAD requests and
     * statuses without a body (1xx, 204, 304), which are sent as a full response without content.
     */
    private void respondStreamed(HttpResponse response, StreamedBody body) {
        if (response == null || response instanceof FullHttpResponse) {
            body.release();
            ReferenceCountUtil.release(response);
            throw new IllegalArgumentException("head : " + (response == null ? "null" : "a FullHttpResponse")
                    + " (expected: an HttpResponse without content)");
        }
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            body.release();
            return;
        }
        HttpAnswer answer;
        boolean keepAlive;
        StreamedBody unsent = body;
        try {
            if (runAfterHooks()) {
                unsent = null;
                body.release();
                FullHttpResponse r = failed();
                keepAlive = seal(r);
                answer = HttpAnswer.full(HttpAnswers.frame(r, head));
            } else {
                keepAlive = seal(response);
                unsent = null;
                answer = HttpAnswers.frame(response, body, head);
            }
        } finally {
            request.release();
            if (unsent != null) {
                unsent.release();
            }
        }
        send(answer, keepAlive);
    }

    /** Adds the answer headers and sets {@code connection}; returns whether the connection stays open. */
    private boolean seal(HttpResponse r) {
        mergeAnswerHeaders(r);
        boolean keepAlive = keepAliveRequested && !HttpAnswers.closes(r);
        HttpAnswers.connection(r, version, keepAlive);
        return keepAlive;
    }

    /** Answers {@code rejection}'s HTTP status with {@code message} as a plain-text body. */
    @Override
    public void reject(Rejection rejection, String message) {
        checkNotNull(rejection, "rejection");
        if (isAnswered()) {
            return;
        }
        respond(HttpAnswers.text(channel, HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(rejection.httpStatus()), message == null ? "" : message));
    }

    /**
     * Adds a response header to the answer, whoever answers: middleware calls it in its before-hook or
     * its after-hook. Ignored once the answer is on its way.
     */
    @Override
    public synchronized void answerHeader(CharSequence name, CharSequence value) {
        checkNotNull(name, "name");
        checkNotNull(value, "value");
        if (headersSealed) {
            return;
        }
        HttpHeaders h = answerHeaders;
        if (h == null) {
            answerHeaders = h = new DefaultHttpHeaders();
        }
        h.add(name, value);
    }

    private synchronized void mergeAnswerHeaders(HttpResponse r) {
        headersSealed = true;
        if (answerHeaders != null) {
            r.headers().add(answerHeaders);
        }
    }

    private FullHttpResponse failed() {
        return HttpAnswers.text(channel, HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "handler failed");
    }

    private void send(HttpAnswer answer, boolean keepAlive) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            writer.write(this, answer, keepAlive);
            return;
        }
        try {
            loop.execute(() -> writer.write(this, answer, keepAlive));
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop of {} is shut down; dropping the answer", channel, e);
            answer.release();
        }
    }

    private static void release(ByteBuf body) {
        if (body != null) {
            body.release();
        }
    }

    @Override
    public String toString() {
        return "HttpExchange(" + method + ' ' + path + ", " + channel + ')';
    }
}
