package dev.dx.dbteleport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * Answers a Netty HTTP request with a {@link CachedResult}: status 200,
 * {@code Content-Type: application/x-teleport}, and the stored zstd body with
 * {@code Content-Encoding: zstd} when the body is compressed and the request's
 * {@code Accept-Encoding} allows zstd, else the plain message. Either way the body is a retained
 * duplicate of the cached bytes or, when the client cannot take zstd, one decompression.
 */
public final class DbTeleportHttp {

    /** The media type of a Teleport message. */
    public static final String CONTENT_TYPE = "application/x-teleport";

    private DbTeleportHttp() {
    }

    /**
     * The response to {@code request} carrying {@code result} (which stays open: the caller closes
     * it). The response owns its body; writing it to a channel releases it.
     */
    public static FullHttpResponse response(CachedResult result, HttpRequest request, ByteBufAllocator alloc) {
        boolean zstd = result.isCompressed() && acceptsZstd(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        ByteBuf body = zstd ? result.body() : result.plainBody(alloc);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        if (zstd) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.ZSTD);
        }
        return response;
    }

    /**
     * Whether an {@code Accept-Encoding} value allows zstd: it names {@code zstd}, or {@code *}
     * without naming zstd, with a quality above 0 (RFC 9110 §12.5.3).
     */
    static boolean acceptsZstd(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean allowed = quality(parts) > 0;
            if (coding.equals("zstd")) {
                return allowed;
            }
            if (coding.equals("*")) {
                star = allowed;
            }
        }
        return star != null && star;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
