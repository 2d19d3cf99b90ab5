package dev.dx.codec.hbtp.websocket;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpProtocolErrorEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Maps binary WebSocket messages to HBTP frame bytes and back (spec §1): inbound, the content of each
 * {@link BinaryWebSocketFrame} is passed on to the HBTP decoder after checking that it holds exactly
 * one frame (header length = message length − 8); outbound, each buffer the HBTP encoder writes (always
 * exactly one frame) becomes one {@link BinaryWebSocketFrame}.
 *
 * <pre>
 * p.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
 *           new WebSocketServerProtocolHandler(HbtpWebSocket.serverProtocolConfig(maxFrameLength)));
 * p.addLast("hbtpWs", new HbtpWebSocketFrameCodec());
 * p.addLast("hbtp", new HbtpServerCodec(config));   // then control, router ...
 * </pre>
 *
 * <p>A message that is not exactly one frame closes the WebSocket with status 1002 (protocol error)
 * after firing {@link HbtpProtocolErrorEvent} ({@code BAD_FRAME}); a text message closes it with 1003.
 * Releases every WebSocket frame it reads. Continuation frames are not expected: let
 * {@code WebSocketServerProtocolHandler} aggregate or reject them. {@code @Sharable}: it has no state.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class HbtpWebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
        if (!(msg instanceof BinaryWebSocketFrame)) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ByteBuf content = msg.content();
        int n = content.readableBytes();
        if (n < HbtpHeader.SIZE || HbtpHeader.length(content, content.readerIndex()) != n - HbtpHeader.SIZE) {
            ctx.fireUserEventTriggered(new HbtpProtocolErrorEvent(new HbtpException(HbtpErrorCode.BAD_FRAME,
                    "a WebSocket message of " + n + " bytes is not exactly one HBTP frame")));
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        out.add(content.retain());
    }
}
