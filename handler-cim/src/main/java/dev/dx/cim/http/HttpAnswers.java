package dev.dx.cim.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds and finishes HTTP answers: plain-text bodies, and the framing headers every answer needs
 * ({@code content-length}, {@code connection}) with the body dropped where HTTP forbids one.
 */
final class HttpAnswers {

    static final CharSequence TEXT_PLAIN = "text/plain; charset=utf-8";

    private HttpAnswers() {
    }

    /** A response with {@code text} as a UTF-8 plain-text body, allocated from the channel's allocator. */
    static FullHttpResponse text(Channel channel, HttpVersion version, HttpResponseStatus status, String text) {
        ByteBuf body = ByteBufUtil.writeUtf8(channel.alloc(), text);
        FullHttpResponse r = new DefaultFullHttpResponse(version, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        return r;
    }

    /**
     * Sets the framing of {@code response} for a request that was a HEAD request or not: the
     * {@code content-length} of its body (none for 1xx and 204, the handler's own for 304), no
     * {@code transfer-encoding}, and no body for HEAD, 1xx, 204 and 304. Returns the response to send,
     * which may be a copy without the body (the original is then released).
     */
    static FullHttpResponse frame(FullHttpResponse response, boolean head) {
        HttpHeaders h = response.headers();
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpResponseStatus status = response.status();
        boolean noBodyStatus = status.codeClass() == HttpStatusClass.INFORMATIONAL
                || status.code() == HttpResponseStatus.NO_CONTENT.code();
        boolean notModified = status.code() == HttpResponseStatus.NOT_MODIFIED.code();
        if (noBodyStatus) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else if (!notModified && !(head && !response.content().isReadable() && h.contains(HttpHeaderNames.CONTENT_LENGTH))) {
            // a HEAD answer without a body may carry the length its GET would have; keep that one
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        if ((head || noBodyStatus || notModified) && response.content().isReadable()) {
            FullHttpResponse empty = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            return empty;
        }
        return response;
    }

    /**
     * Frames a streamed answer as {@link #frame(FullHttpResponse, boolean)} frames a full one: the head
     * gets {@code content-length: body.length()} and loses any {@code transfer-encoding}. Where HTTP
     * forbids a body (a HEAD request, 1xx, 204, 304) the body is released and the answer becomes a full
     * response without content (a HEAD answer keeping the length its GET would have).
     */
    static HttpAnswer frame(HttpResponse head, StreamedBody body, boolean headRequest) {
        HttpHeaders h = head.headers();
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        int code = head.status().code();
        boolean bodyForbidden = head.status().codeClass() == HttpStatusClass.INFORMATIONAL
                || code == HttpResponseStatus.NO_CONTENT.code() || code == HttpResponseStatus.NOT_MODIFIED.code();
        if (!headRequest && !bodyForbidden) {
            return HttpAnswer.streamed(head, body);
        }
        body.release();
        FullHttpResponse empty = new DefaultFullHttpResponse(head.protocolVersion(), head.status(),
                Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE);
        return HttpAnswer.full(frame(empty, headRequest));
    }

    /**
     * Sets the {@code connection} header: {@code close} when the connection closes after this answer,
     * {@code keep-alive} when an HTTP/1.0 connection stays open (HTTP/1.1 keeps it open by default).
     */
    static void connection(HttpResponse response, HttpVersion requestVersion, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (requestVersion.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Whether the response itself asks to close the connection ({@code connection: close}). */
    static boolean closes(HttpResponse response) {
        return response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }
}
