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
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
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
 * {@link HbtpWebSocket#addServerHandlers} builds this pipeline with the subprotocol check, the handler
 * for other HTTP requests and a {@code ChunkedWriteHandler}; prefer it on a server.
 *
 * <p>A message that is not exactly one frame closes the WebSocket with status 1002 (protocol error)
 * after firing {@link HbtpProtocolErrorEvent} ({@code BAD_FRAME}); a text message closes it with 1003.
 * Releases every WebSocket frame it reads. Continuation frames are not expected: let
 * {@code WebSocketServerProtocolHandler} aggregate or reject them.
 *
 * <p>When the WebSocket handshake completes it records the negotiated subprotocol for
 * {@link HbtpWebSocket#negotiatedSubprotocol} and {@link HbtpWebSocket#isHbtp11} (server side: from
 * {@code WebSocketServerProtocolHandler.HandshakeComplete}; client side: from the pipeline's
 * {@code WebSocketClientProtocolHandler}), tells the channel's {@code HbtpEncoder} the peer's version from
 * it (so an encrypted, or {@code batchPlaintext}, connection sends Batches, §12, exactly when the peer chose
 * {@code hbtp.v1.1}), and on the server removes the handlers that
 * {@link HbtpWebSocket#addServerHandlers} installed for the HTTP phase only. The event is passed on.
 * {@code @Sharable}: it keeps no state of its own (the subprotocol is a channel attribute).
 */
@io.netty.channel.ChannelHandler.Sharable
public final class HbtpWebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            HbtpWebSocket.upgraded(ctx.pipeline(),
                    ((WebSocketServerProtocolHandler.HandshakeComplete) evt).selectedSubprotocol());
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            WebSocketClientProtocolHandler client = ctx.pipeline().get(WebSocketClientProtocolHandler.class);
            if (client != null) {
                HbtpWebSocket.negotiated(ctx.channel(), client.handshaker().actualSubprotocol());
            }
        }
        ctx.fireUserEventTriggered(evt);
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
