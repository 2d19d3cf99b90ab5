package dev.dx.codec.hbtp.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Refuses, with 400 and no upgrade, a request for the HBTP path that offers none of the accepted
 * subprotocols (spec §1: HBTP over WebSocket is always spoken under a subprotocol; Netty's handshaker
 * would otherwise upgrade without one). Sits between {@code HttpObjectAggregator} and
 * {@code WebSocketServerProtocolHandler}; passes everything else on. Removed from the pipeline by
 * {@link HbtpWebSocketFrameCodec} once the upgrade completes.
 */
final class HbtpWebSocketUpgradeFilter extends ChannelInboundHandlerAdapter {

    private final String path;
    private final List<String> subprotocols;

    HbtpWebSocketUpgradeFilter(HbtpWebSocketConfig config) {
        this.path = config.path();
        this.subprotocols = config.subprotocols();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest && path.equals(((HttpRequest) msg).uri())
                && !offersAccepted(((HttpRequest) msg).headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
            ReferenceCountUtil.release(msg);
            String text = "HBTP over WebSocket needs the subprotocol " + String.join(" or ", subprotocols) + "\n";
            ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), text);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the comma-separated {@code Sec-WebSocket-Protocol} value names an accepted subprotocol. */
    private boolean offersAccepted(String offered) {
        if (offered == null) {
            return false;
        }
        for (String s : offered.split(",")) {
            if (subprotocols.contains(s.trim())) {
                return true;
            }
        }
        return false;
    }
}
