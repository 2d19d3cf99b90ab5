package dev.dx.devserver.browser;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The smallest static server the browser tests need: {@code GET /_dx/NAME} answers the classpath
 * resource {@code dev/dx/devserver/runtime/NAME} and {@code GET /site/NAME} the test resource
 * {@code browser/site/NAME} (flat names, no directories), everything else 404.
 * It goes where {@code HbtpWebSocket.addServerHandlers} puts the HTTP handler; one instance per
 * channel (not {@code @Sharable}); it releases each request (SimpleChannelInboundHandler).
 * The real static server of the dev server lives in {@code dev.dx.devserver.files}.
 */
final class ClasspathFiles extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PREFIX = "/_dx/";
    private static final String ROOT = "dev/dx/devserver/runtime/";
    /** A demo page for the runtime's dev behaviour, from the test resources. */
    static final String SITE = "/site/";
    private static final String SITE_ROOT = "browser/site/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8");

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        String path = new QueryStringDecoder(request.uri()).path();
        byte[] body = null;
        String type = null;
        String root = path.startsWith(PREFIX) ? ROOT : path.startsWith(SITE) ? SITE_ROOT : null;
        if (request.method().equals(HttpMethod.GET) && root != null) {
            String name = path.substring(path.indexOf('/', 1) + 1);
            String ext = name.substring(name.lastIndexOf('.') + 1);
            type = TYPES.get(ext);
            if (NAME.matcher(name).matches() && type != null) {
                try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(root + name)) {
                    body = in == null ? null : in.readAllBytes();
                }
            }
        }
        FullHttpResponse response;
        if (body == null) {
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND,
                    Unpooled.copiedBuffer("not found: " + path, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        } else {
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
