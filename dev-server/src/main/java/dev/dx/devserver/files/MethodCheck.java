package dev.dx.devserver.files;

import dev.dx.cim.http.HttpExchange;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The methods a file server answers: GET and HEAD; anything else is {@code 405} with {@code Allow}. */
final class MethodCheck {

    /** The content type of the plain-text answers. */
    static final String TEXT = "text/plain; charset=utf-8";

    private MethodCheck() {
    }

    /** Whether {@code x} is a GET or HEAD; if not, answers {@code 405} and returns {@code false}. */
    static boolean getOrHead(HttpExchange x) {
        String m = x.method();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        x.answerHeader(HttpHeaderNames.ALLOW, "GET, HEAD");
        x.respond(HttpResponseStatus.METHOD_NOT_ALLOWED,
                ByteBufUtil.writeUtf8(x.channel().alloc(), "method not allowed"), TEXT);
        return false;
    }
}
