package dev.dx.bench.cim;

import dev.dx.cim.AbstractExchange;
import dev.dx.cim.Rejection;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A reusable request/answer for the middleware benchmarks: the request's few headers in fields, the
 * answer's headers in a fixed array, so that what a benchmark allocates is what the chain allocates.
 * Also the message the pipeline variant passes from handler to handler.
 */
public final class BenchExchange extends AbstractExchange {

    private static final SocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    String origin;
    String token;
    /** Set by the timing middleware. */
    long startNanos;
    /** Set by the CORS middleware when the origin is allowed. */
    String allowedOrigin;
    int status = -1;
    private final CharSequence[] answerHeaders = new CharSequence[16];
    private int answerHeaderCount;
    /** Where {@link #respond} writes, in the pipeline-shaped variants. */
    ChannelHandlerContext ctx;

    /** Clears the answer and request state for the next operation. */
    BenchExchange reset(String origin, String token) {
        this.origin = origin;
        this.token = token;
        this.startNanos = 0;
        this.allowedOrigin = null;
        this.status = -1;
        for (int i = 0; i < answerHeaderCount; i++) {
            answerHeaders[i] = null;
        }
        this.answerHeaderCount = 0;
        return this;
    }

    /** Answers {@code status}: runs the after-hooks, then writes this exchange to {@link #ctx} if set. */
    void respond(int status) {
        if (this.status != -1) {
            return;
        }
        this.status = status;
        if (runAfterHooks()) {
            this.status = 500;
        }
        if (ctx != null) {
            ctx.write(this, ctx.voidPromise());
        }
    }

    /** Sets the answer without running after-hooks: for the hand-inlined and pipeline variants. */
    void status(int status) {
        this.status = status;
    }

    int answerHeaderCount() {
        return answerHeaderCount;
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/api/users";
    }

    @Override
    public int route() {
        return -1;
    }

    @Override
    public String header(CharSequence name) {
        return "origin".contentEquals(name) ? origin : "authorization".contentEquals(name) ? token : null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return REMOTE;
    }

    @Override
    public Object identity() {
        return null;
    }

    @Override
    public boolean isAnswered() {
        return status != -1;
    }

    @Override
    public void reject(Rejection rejection, String message) {
        respond(rejection.httpStatus());
    }

    @Override
    public void answerHeader(CharSequence name, CharSequence value) {
        if (answerHeaderCount + 2 <= answerHeaders.length) {
            answerHeaders[answerHeaderCount++] = name;
            answerHeaders[answerHeaderCount++] = value;
        }
    }
}
