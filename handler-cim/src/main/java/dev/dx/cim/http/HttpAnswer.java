package dev.dx.cim.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * A finished answer on its way to the connection: a {@link FullHttpResponse}, or a head with a
 * {@link StreamedBody}, written as {@code HttpResponse}, the body, then
 * {@link LastHttpContent#EMPTY_LAST_CONTENT}. Owns what it holds until written or released.
 */
final class HttpAnswer {

    private final HttpResponse head;
    private final StreamedBody body;

    private HttpAnswer(HttpResponse head, StreamedBody body) {
        this.head = head;
        this.body = body;
    }

    /** An answer that is one message. */
    static HttpAnswer full(FullHttpResponse response) {
        return new HttpAnswer(response, null);
    }

    /** An answer whose {@code head} (already framed with {@code content-length}) is followed by {@code body}. */
    static HttpAnswer streamed(HttpResponse head, StreamedBody body) {
        return new HttpAnswer(head, body);
    }

    /** The status line and headers (the whole answer when it is full). */
    HttpResponse head() {
        return head;
    }

    /** Writes and flushes the answer; {@code last} completes when its last message is written. */
    void writeTo(ChannelHandlerContext ctx, ChannelPromise last) {
        if (body == null) {
            ctx.writeAndFlush(head, last);
            return;
        }
        ctx.write(head, ctx.voidPromise());
        // a body that fails half-way (a file cut short) leaves the client waiting for bytes: close
        ctx.write(body.content()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, last);
    }

    /** Drops the answer unwritten, releasing the response and the body. */
    void release() {
        ReferenceCountUtil.release(head);
        if (body != null) {
            body.release();
        }
    }
}
