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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpExchange#respond(HttpResponse, FileRegion)} and
 * {@link HttpExchange#respond(HttpResponse, ChunkedInput)} on an {@link EmbeddedChannel}: what is
 * written, framing, and who releases the body on every path that does not write it.
 */
class StreamedAnswerEmbeddedTest {

    @TempDir
    Path dir;

    private final List<HttpExchange> exchanges = new ArrayList<>();

    private EmbeddedChannel holding() {
        return new EmbeddedChannel(new CimHttpHandler(exchanges::add));
    }

    private FileRegion region(String text) throws IOException {
        Path f = Files.writeString(dir.resolve("f" + System.nanoTime()), text);
        return new DefaultFileRegion(FileChannel.open(f, StandardOpenOption.READ), 0, text.length());
    }

    private static HttpResponse head(HttpResponseStatus status) {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    }

    @Test
    void aFileRegionGoesOutAsHeadRegionAndEmptyLastContent() throws Exception {
        EmbeddedChannel ch = holding();
        FullHttpRequest req = request(HttpMethod.GET, "/f");
        ch.writeInbound(req);
        HttpExchange x = exchanges.get(0);
        x.answerHeader("x-hook", "yes");
        FileRegion body = region("hello file");
        HttpResponse h = head(HttpResponseStatus.OK);
        h.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        x.respond(h, body);
        assertThat(req.refCnt()).isZero();

        Object first = ch.readOutbound();
        assertThat(first).isSameAs(h).isNotInstanceOf(FullHttpResponse.class);
        assertThat(h.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("10");
        assertThat(h.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(h.headers().get("x-hook")).isEqualTo("yes");
        assertThat((Object) ch.readOutbound()).isSameAs(body);
        assertThat((Object) ch.readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(body.release()).isTrue();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void aChunkedInputGoesOutWithItsLength() {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/c"));
        TestInput body = new TestInput(1234);
        exchanges.get(0).respond(head(HttpResponseStatus.OK), body);
        HttpResponse h = ch.readOutbound();
        assertThat(h.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("1234");
        assertThat((Object) ch.readOutbound()).isSameAs(body);
        assertThat((Object) ch.readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(body.closed).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void aChunkedInputOfUnknownLengthIsRefusedAndClosed() {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/c"));
        HttpExchange x = exchanges.get(0);
        TestInput body = new TestInput(-1);
        assertThatThrownBy(() -> x.respond(head(HttpResponseStatus.OK), body))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known length");
        assertThat(body.closed).isTrue();
        assertThat(x.isAnswered()).isFalse();
        x.respond(HttpResponseStatus.NO_CONTENT, null, null);
        answer(ch).release();
        assertFalse(ch.finish());
    }

    @Test
    void aFullResponseAsHeadIsRefusedAndBothReleased() throws Exception {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/f"));
        HttpExchange x = exchanges.get(0);
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, pooled("x"));
        FileRegion body = region("abc");
        assertThatThrownBy(() -> x.respond(full, body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FullHttpResponse");
        assertThat(full.refCnt()).isZero();
        assertThat(body.refCnt()).isZero();
        x.respond(HttpResponseStatus.NO_CONTENT, null, null);
        answer(ch).release();
        assertFalse(ch.finish());
    }

    @Test
    void aLateStreamedAnswerIsIgnoredAndReleased() throws Exception {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/f"));
        HttpExchange x = exchanges.get(0);
        x.respond(HttpResponseStatus.OK, pooled("first"), "text/plain");
        FileRegion late = region("late");
        x.respond(head(HttpResponseStatus.OK), late);
        assertThat(late.refCnt()).isZero();
        TestInput lateInput = new TestInput(3);
        x.respond(head(HttpResponseStatus.OK), lateInput);
        assertThat(lateInput.closed).isTrue();
        assertThat(bodyOf(answer(ch))).isEqualTo("first");
        assertFalse(ch.finish());
    }

    @Test
    void headAndNotModifiedDropTheBodyAndKeepTheLength() throws Exception {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.HEAD, "/f"));
        FileRegion body = region("twelve bytes");
        exchanges.get(0).respond(head(HttpResponseStatus.OK), body);
        assertThat(body.refCnt()).isZero();
        FullHttpResponse r = answer(ch);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("12");
        assertThat(bodyOf(r)).isEmpty();

        ch.writeInbound(request(HttpMethod.GET, "/f"));
        TestInput input = new TestInput(7);
        exchanges.get(1).respond(head(HttpResponseStatus.NOT_MODIFIED), input);
        assertThat(input.closed).isTrue();
        r = answer(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
        assertThat(bodyOf(r)).isEmpty();

        ch.writeInbound(request(HttpMethod.GET, "/f"));
        FileRegion none = region("gone");
        exchanges.get(2).respond(head(HttpResponseStatus.NO_CONTENT), none);
        assertThat(none.refCnt()).isZero();
        r = answer(ch);
        assertThat(r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        r.release();
        assertFalse(ch.finish());
    }

    @Test
    void aFailingAfterHookTurnsTheStreamedAnswerInto500AndReleasesTheBody() throws Exception {
        Middleware<Exchange> failing = new Middleware<>() {
            @Override
            public boolean before(Exchange x) {
                return CONTINUE;
            }

            @Override
            public void after(Exchange x) {
                throw new IllegalStateException("after-hook failure for the test");
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(HandChain.of(failing), exchanges::add));
        ch.writeInbound(request(HttpMethod.GET, "/f"));
        FileRegion body = region("never");
        exchanges.get(0).respond(head(HttpResponseStatus.OK), body);
        assertThat(body.refCnt()).isZero();
        FullHttpResponse r = answer(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(bodyOf(r)).isEqualTo("handler failed");
        assertFalse(ch.finish());
    }

    @Test
    void connectionCloseIsSetOnTheHeadAndTheChannelClosesAfterTheLastContent() throws Exception {
        EmbeddedChannel ch = holding();
        FullHttpRequest req = request(HttpMethod.GET, "/f");
        req.headers().set(HttpHeaderNames.CONNECTION, "close");
        ch.writeInbound(req);
        FileRegion body = region("bye");
        exchanges.get(0).respond(head(HttpResponseStatus.OK), body);
        ch.runPendingTasks();
        HttpResponse h = ch.readOutbound();
        assertThat(h.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        FileRegion written = ch.readOutbound();
        assertThat((Object) ch.readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        written.release();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void anAnswerForAClosedConnectionIsReleased() throws Exception {
        EmbeddedChannel ch = holding();
        ch.writeInbound(request(HttpMethod.GET, "/f"));
        ch.close();
        FileRegion body = region("late");
        exchanges.get(0).respond(head(HttpResponseStatus.OK), body);
        ch.runPendingTasks();
        assertThat(body.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    /** A chunked input of a given length that records whether it was closed; never read here. */
    private static final class TestInput implements ChunkedInput<ByteBuf> {
        private final long length;
        boolean closed;

        TestInput(long length) {
            this.length = length;
        }

        @Override
        public boolean isEndOfInput() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Deprecated
        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return null;
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            return null;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long progress() {
            return 0;
        }
    }
}
