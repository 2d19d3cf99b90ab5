package dev.dx.codec.hbtp.websocket;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * The default handler for HTTP requests that are not the HBTP upgrade: answers each with 404 and an
 * empty body, keeping the connection open when the request allows it. Releases the request; passes
 * everything else on. {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class HbtpWebSocketNotFound extends ChannelInboundHandlerAdapter {

    static final HbtpWebSocketNotFound INSTANCE = new HbtpWebSocketNotFound();

    private HbtpWebSocketNotFound() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive((HttpRequest) msg);
        FullHttpResponse res = new DefaultFullHttpResponse(((HttpRequest) msg).protocolVersion(),
                HttpResponseStatus.NOT_FOUND);
        ReferenceCountUtil.release(msg);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        HttpUtil.setKeepAlive(res, keepAlive);
        ChannelFuture f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
