package dev.dx.cim.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Requests with pooled direct bodies (so the leak detector tracks them) and answers read back. */
final class EmbeddedHttp {

    private EmbeddedHttp() {
    }

    static ByteBuf pooled(String s) {
        return ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, s);
    }

    static FullHttpRequest request(HttpMethod method, String uri) {
        return request(HttpVersion.HTTP_1_1, method, uri, "");
    }

    static FullHttpRequest request(HttpVersion version, HttpMethod method, String uri, String body) {
        ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer();
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        return new DefaultFullHttpRequest(version, method, uri, content);
    }

    /** The next answer written on {@code ch}; the caller releases it. */
    static FullHttpResponse answer(EmbeddedChannel ch) {
        ch.runPendingTasks();
        Object o = ch.readOutbound();
        if (!(o instanceof FullHttpResponse)) {
            throw new AssertionError("expected an answer, got " + o);
        }
        return (FullHttpResponse) o;
    }

    /** {@code r}'s body as UTF-8; releases {@code r}. */
    static String bodyOf(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }
}
