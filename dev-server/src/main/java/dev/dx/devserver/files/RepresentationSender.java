package dev.dx.devserver.files;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.http.HttpExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;

/**
 * Answers a GET or HEAD with a {@link Representation}: validators and {@code 304}, one byte range
 * ({@code 206}, {@code 416}, {@code If-Range}), compression of text, and the body from memory or from
 * the file. Shared by {@link StaticFiles} and {@link ClasspathFiles}.
 *
 * <p>Every answer carries {@code Cache-Control: no-cache} (the browser revalidates each time, which is
 * what a dev server wants: an edit shows on the next load), the {@code ETag}, {@code Last-Modified} when
 * known, {@code Accept-Ranges: bytes}, and {@code Vary: Accept-Encoding} for compressible types.
 * Compressed answers ({@code zstd} preferred, else {@code gzip}) are whole: a request with a
 * {@code Range} header is answered from the plain bytes. Files over {@link #MAX_COMPRESSED} are sent
 * plain.
 */
final class RepresentationSender {

    /** The largest representation compressed (and cached compressed). */
    static final long MAX_COMPRESSED = 8L << 20;

    private final CompressedCache cache;
    private final boolean zeroCopyAllowed;

    /** A sender that caches compressed bytes in {@code cache}; file regions only if {@code zeroCopyAllowed}. */
    RepresentationSender(CompressedCache cache, boolean zeroCopyAllowed) {
        this.cache = checkNotNull(cache, "cache");
        this.zeroCopyAllowed = zeroCopyAllowed;
    }

    /** Answers {@code x} with {@code rep}. */
    void send(HttpExchange x, Representation rep) throws IOException {
        Validators v = rep.validators();
        boolean ranged = x.header(HttpHeaderNames.RANGE) != null;
        ContentCoding coding = rep.compressible() && !ranged && rep.length() <= MAX_COMPRESSED
                ? ContentCoding.negotiate(x.header(HttpHeaderNames.ACCEPT_ENCODING)) : null;
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.ETAG, coding == null ? v.etag() : v.codedTag(coding.token()));
        String lastModified = v.lastModified();
        if (lastModified != null) {
            h.set(HttpHeaderNames.LAST_MODIFIED, lastModified);
        }
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (rep.compressible()) {
            h.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (v.notModified(x.header(HttpHeaderNames.IF_NONE_MATCH), x.header(HttpHeaderNames.IF_MODIFIED_SINCE))) {
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER, h, new DefaultHttpHeaders()));
            return;
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, rep.contentType());
        h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        RangeRequest range = ranged && v.rangeAllowed(x.header(HttpHeaderNames.IF_RANGE))
                ? RangeRequest.parse(x.header(HttpHeaderNames.RANGE), rep.length()) : RangeRequest.WHOLE;
        if (range instanceof RangeRequest.Unsatisfiable) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + rep.length());
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER, h,
                    new DefaultHttpHeaders()));
            return;
        }
        if (range instanceof RangeRequest.Satisfiable r) {
            h.set(HttpHeaderNames.CONTENT_RANGE, r.contentRange());
            body(x, HttpResponseStatus.PARTIAL_CONTENT, h, rep, r.first(), r.length());
            return;
        }
        if (coding != null) {
            byte[] compressed = cache.get(rep.served(), v.etag(), coding, rep::bytes);
            h.set(HttpHeaderNames.CONTENT_ENCODING, coding.token());
            h.set(HttpHeaderNames.CONTENT_LENGTH, compressed.length);
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    copy(x, compressed, 0, compressed.length), h, new DefaultHttpHeaders()));
            return;
        }
        body(x, HttpResponseStatus.OK, h, rep, 0, rep.length());
    }

    private void body(HttpExchange x, HttpResponseStatus status, HttpHeaders h, Representation rep, long offset,
            long length) throws IOException {
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        if (rep instanceof Representation.InMemory m) {
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    copy(x, m.content(), (int) offset, (int) length), h, new DefaultHttpHeaders()));
            return;
        }
        Representation.OnDisk d = (Representation.OnDisk) rep;
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h);
        if (x.method().equals("HEAD")) {
            // nothing to read: the exchange keeps the length and sends no body
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER, h,
                    new DefaultHttpHeaders()));
        } else if (zeroCopyAllowed && FileBodies.zeroCopy(x.channel())) {
            x.respond(head, FileBodies.region(d.file(), offset, length));
        } else if (FileBodies.chunkedWritable(x.channel()) || length > Integer.MAX_VALUE) {
            x.respond(head, FileBodies.chunks(d.file(), offset, length));
        } else {
            x.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    FileBodies.read(x.channel().alloc(), d.file(), offset, (int) length), h, new DefaultHttpHeaders()));
        }
    }

    /** The bytes in a buffer of the channel's allocator; none for HEAD (the {@code content-length} is set). */
    private static ByteBuf copy(HttpExchange x, byte[] bytes, int offset, int length) {
        if (x.method().equals("HEAD")) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf b = x.channel().alloc().buffer(length);
        return b.writeBytes(bytes, offset, length);
    }
}
