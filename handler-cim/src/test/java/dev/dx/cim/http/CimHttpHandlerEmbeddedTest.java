package dev.dx.cim.http;

import static dev.dx.cim.http.EmbeddedHttp.answer;
import static dev.dx.cim.http.EmbeddedHttp.bodyOf;
import static dev.dx.cim.http.EmbeddedHttp.pooled;
import static dev.dx.cim.http.EmbeddedHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CimHttpHandler} and {@link HttpExchange} on an {@link EmbeddedChannel}: ownership, order, framing. */
class CimHttpHandlerEmbeddedTest {

    private final List<HttpExchange> exchanges = new ArrayList<>();

    private EmbeddedChannel holding() {
        return new EmbeddedChannel(new CimHttpHandler(exchanges::add));
    }

    private static FullHttpResponse ok(String body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, pooled(body));
    }

    @Test
    void aSecondAnswerIsIgnoredAndReleased() {
        EmbeddedChannel ch = holding();
        FullHttpRequest req = request(HttpMethod.POST, "/x");
        ch.writeInbound(req);
        HttpExchange x = exchanges.get(0);
        assertThat(x.isAnswered()).isFalse();
        x.respond(ok("first"));
        assertThat(x.isAnswered()).isTrue();
        assertThat(req.refCnt()).as("the request is released on answer").isZero();

        FullHttpResponse late = ok("late");
        x.respond(late);
        assertThat(late.refCnt()).isZero();
        ByteBuf lateBody = pooled("late");
        x.respond(HttpResponseStatus.OK, lateBody, "text/plain");
        assertThat(lateBody.refCnt()).isZero();
        x.respond(HttpResponseStatus.OK, null, null);
        x.reject(Rejection.FORBIDDEN, "late");
        x.answerHeader("x-late", "1");

        FullHttpResponse r = answer(ch);
        assertThat(r.headers().contains("x-late")).isFalse();
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("5");
        assertThat(bodyOf(r)).isEqualTo("first");
        assertFalse(ch.finish());
    }

    @Test
    void pipelinedRequestsWaitWithReadingPausedAndAreAnsweredInOrder() {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/1"), request(HttpMethod.GET, "/2"), request(HttpMethod.GET, "/3"));
        assertThat(exchanges).hasSize(1);
        assertThat(ch.config().isAutoRead()).isFalse();

        exchanges.get(0).respond(ok("1"));
        assertThat(bodyOf(answer(ch))).isEqualTo("1");
        assertThat(exchanges).hasSize(2);
        assertThat(ch.config().isAutoRead()).as("/3 still waits").isFalse();

        exchanges.get(1).respond(ok("2"));
        assertThat(bodyOf(answer(ch))).isEqualTo("2");
        assertThat(exchanges).hasSize(3);
        assertThat(ch.config().isAutoRead()).isTrue();

        exchanges.get(2).respond(ok("3"));
        assertThat(bodyOf(answer(ch))).isEqualTo("3");
        assertFalse(ch.finish());
    }

    @Test
    void tooManyWaitingRequestsCloseTheConnection() {
        EmbeddedChannel ch = holding();
        List<FullHttpRequest> sent = new ArrayList<>();
        for (int i = 0; i <= CimHttpHandler.MAX_WAITING; i++) {
            FullHttpRequest r = request(HttpMethod.GET, "/" + i);
            sent.add(r);
            ch.writeInbound(r);
        }
        assertThat(ch.isOpen()).as("one in flight and MAX_WAITING waiting is allowed").isTrue();
        FullHttpRequest oneTooMany = request(HttpMethod.GET, "/too-many");
        ch.writeInbound(oneTooMany);
        assertThat(ch.isOpen()).isFalse();
        assertThat(oneTooMany.refCnt()).isZero();
        assertThat(sent.subList(1, sent.size())).allMatch(r -> r.refCnt() == 0);
        exchanges.get(0).respond(ok("late"));
        assertThat(exchanges).hasSize(1);
        assertFalse(ch.finish());
    }

    @Test
    void answersGivenSynchronouslyDispatchTheNextWithoutWaiting() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(x -> x.respond(ok(x.path()))));
        ch.writeInbound(request(HttpMethod.GET, "/a"), request(HttpMethod.GET, "/b"));
        assertThat(bodyOf(answer(ch))).isEqualTo("/a");
        assertThat(bodyOf(answer(ch))).isEqualTo("/b");
        assertThat(ch.config().isAutoRead()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void closingReleasesWaitingRequestsAndLateAnswers() {
        EmbeddedChannel ch = holding();
        FullHttpRequest first = request(HttpMethod.GET, "/1");
        FullHttpRequest second = request(HttpMethod.GET, "/2");
        ch.writeInbound(first, second);
        ch.close();
        assertThat(second.refCnt()).isZero();
        FullHttpResponse late = ok("late");
        late.retain();
        exchanges.get(0).respond(late);
        assertThat(late.refCnt()).as("dropped after the close").isEqualTo(1);
        late.release();
        assertThat(first.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void removingTheHandlerReleasesWaitingRequests() {
        EmbeddedChannel ch = holding();
        FullHttpRequest second = request(HttpMethod.GET, "/2");
        ch.writeInbound(request(HttpMethod.GET, "/1"), second);
        ch.pipeline().removeFirst();
        assertThat(second.refCnt()).isZero();
        exchanges.get(0).respond(ok("x"));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestThatFailedToDecodeIsAnswered400AndTheConnectionClosed() throws Exception {
        CimHttpHandler handler = new CimHttpHandler(exchanges::add);
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ChannelHandlerContext ctx = ch.pipeline().context(handler);
        FullHttpRequest bad = request(HttpMethod.GET, "/bad-request");
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("header name has a space")));
        FullHttpRequest after = request(HttpMethod.GET, "/after");
        ch.writeInbound(bad, after);
        FullHttpResponse r = answer(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(bodyOf(r)).isEqualTo("bad request: header name has a space");
        assertThat(bad.refCnt()).isZero();
        assertThat(after.refCnt()).isZero();
        assertThat(exchanges).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        FullHttpRequest late = request(HttpMethod.GET, "/late");
        handler.channelRead(ctx, late);
        assertThat(late.refCnt()).as("a request read while closing").isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aResponseThatSaysCloseClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(x -> {
            FullHttpResponse r = ok("bye");
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            x.respond(r);
        }));
        ch.writeInbound(request(HttpMethod.GET, "/"));
        assertThat(bodyOf(answer(ch))).isEqualTo("bye");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void framingFollowsTheStatusAndHead() {
        List<FullHttpResponse> answers = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(x -> x.respond(answers.remove(0))));

        FullHttpResponse noContent = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                pooled("dropped"));
        noContent.headers().set(HttpHeaderNames.CONTENT_LENGTH, 7).set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        answers.add(noContent);
        ch.writeInbound(request(HttpMethod.DELETE, "/"));
        FullHttpResponse r = answer(ch);
        assertThat(r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(r.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(bodyOf(r)).isEmpty();

        FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.NOT_MODIFIED, pooled("dropped"));
        notModified.headers().set(HttpHeaderNames.CONTENT_LENGTH, 42);
        answers.add(notModified);
        ch.writeInbound(request(HttpMethod.GET, "/"));
        r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("42");
        assertThat(bodyOf(r)).isEmpty();

        answers.add(ok("twelve bytes"));
        ch.writeInbound(request(HttpMethod.HEAD, "/"));
        r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("12");
        assertThat(bodyOf(r)).isEmpty();

        FullHttpResponse headWithLength = ok("");
        headWithLength.headers().set(HttpHeaderNames.CONTENT_LENGTH, 99);
        answers.add(headWithLength);
        ch.writeInbound(request(HttpMethod.HEAD, "/"));
        r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)).as("a HEAD answer's own length").isEqualTo("99");
        r.release();
        assertFalse(ch.finish());
    }

    @Test
    void http10KeepAliveIsAnsweredAsSuch() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(x -> x.respond(ok("x"))));
        FullHttpRequest keep = request(HttpVersion.HTTP_1_0, HttpMethod.GET, "/", "");
        keep.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        ch.writeInbound(keep);
        FullHttpResponse r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
        r.release();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(request(HttpVersion.HTTP_1_0, HttpMethod.GET, "/", ""));
        r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        r.release();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void otherMessagesPassThrough() {
        EmbeddedChannel ch = holding();
        ch.writeInbound("not http");
        assertThat((String) ch.readInbound()).isEqualTo("not http");
        assertFalse(ch.finish());
    }

    @Test
    void anExceptionClosesTheConnection() {
        EmbeddedChannel ch = holding();
        FullHttpRequest waiting = request(HttpMethod.GET, "/2");
        ch.writeInbound(request(HttpMethod.GET, "/1"), waiting);
        ch.pipeline().fireExceptionCaught(new java.io.IOException("connection reset for the test"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(waiting.refCnt()).isZero();
        exchanges.get(0).reject(Rejection.UNAVAILABLE, "late");
        assertFalse(ch.finish());
    }

    @Test
    void aThrowingHandlerWithoutAChainAnswers500() {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(x -> {
            throw new IllegalStateException("handler failure for the test");
        }));
        ch.writeInbound(request(HttpMethod.GET, "/"));
        FullHttpResponse r = answer(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(bodyOf(r)).isEqualTo("handler failed");
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void answerHeadersFromBeforeHooksSurviveAnAfterHookFailure() {
        Middleware<Exchange> tags = x -> {
            x.answerHeader("x-tag", "before");
            return Middleware.CONTINUE;
        };
        Middleware<Exchange> failsAfter = new Middleware<>() {
            @Override
            public boolean before(Exchange x) {
                return CONTINUE;
            }

            @Override
            public void after(Exchange x) {
                x.answerHeader("x-after", "ran");
                throw new IllegalStateException("after-hook failure for the test");
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(new HandChain<Exchange>(tags, failsAfter),
                x -> x.respond(ok("replaced"))));
        ch.writeInbound(request(HttpMethod.GET, "/"));
        FullHttpResponse r = answer(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(r.headers().get("x-tag")).isEqualTo("before");
        assertThat(r.headers().get("x-after")).isEqualTo("ran");
        assertThat(bodyOf(r)).isEqualTo("handler failed");
        assertFalse(ch.finish());
    }

    @Test
    void theExchangeDescribesTheRequest() {
        EmbeddedChannel ch = holding();
        FullHttpRequest req = request(HttpVersion.HTTP_1_0, HttpMethod.PUT,
                "http://example.com:8080/a/b%20c?q=1&q=2&s=x+y#frag", "body");
        req.headers().set("X-Thing", "v1").add("x-thing", "v2");
        ch.writeInbound(req);
        HttpExchange x = exchanges.get(0);
        assertThat(x.protocol()).isEqualTo(Exchange.Protocol.HTTP);
        assertThat(x.method()).isEqualTo("PUT");
        assertThat(x.path()).isEqualTo("/a/b%20c");
        assertThat(x.route()).isEqualTo(-1);
        assertThat(x.identity()).isNull();
        assertThat(x.header("x-thing")).isEqualTo("v1");
        assertThat(x.header("missing")).isNull();
        assertThat(x.queryParameters().get("q")).containsExactly("1", "2");
        assertThat(x.queryParameter("s")).isEqualTo("x y");
        assertThat(x.queryParameter("none")).isNull();
        assertThat(x.pathParam("id")).isNull();
        assertThat(x.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(x.remoteAddress()).isEqualTo(ch.remoteAddress());
        assertThat(x.request()).isSameAs(req);
        assertThat(x.channel()).isSameAs(ch);
        assertThat(x.toString()).contains("PUT /a/b%20c");
        assertThatThrownBy(() -> x.answerHeader(null, "v")).isInstanceOf(NullPointerException.class);
        x.reject(Rejection.RATE_LIMITED, null);
        FullHttpResponse r = answer(ch);
        assertThat(r.status().code()).isEqualTo(429);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; charset=utf-8");
        assertThat(bodyOf(r)).isEmpty();
        assertFalse(ch.finish());
    }
}
