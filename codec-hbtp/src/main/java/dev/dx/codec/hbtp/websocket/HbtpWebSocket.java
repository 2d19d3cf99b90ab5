package dev.dx.codec.hbtp.websocket;

import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/** Constants and pipeline helpers for HBTP over WebSocket (spec §1). */
public final class HbtpWebSocket {

    /** The default path of the WebSocket endpoint. */
    public static final String PATH = "/hbtp";
    /** The WebSocket subprotocol name. */
    public static final String SUBPROTOCOL = "hbtp.v1";

    private HbtpWebSocket() {
    }

    /**
     * The WebSocket server settings for HBTP: path {@code /hbtp}, subprotocol {@code hbtp.v1}, messages up
     * to one maximum-length frame.
     */
    public static WebSocketServerProtocolConfig serverProtocolConfig(int maxFrameLength) {
        checkPositive(maxFrameLength, "maxFrameLength");
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .subprotocols(SUBPROTOCOL)
                .maxFramePayloadLength(maxFrameLength + HbtpHeader.SIZE)
                .checkStartsWith(false)
                .build();
    }

    /**
     * Adds the HTTP upgrade, the WebSocket protocol handler, the bridge and an {@link HbtpServerCodec} to
     * {@code p}. Add the control handler, router or handshaker after it.
     */
    public static ChannelPipeline addServerHandlers(ChannelPipeline p, HbtpCodecConfig config) {
        return p.addLast("http", new HttpServerCodec())
                .addLast("httpAggregator", new HttpObjectAggregator(65_536))
                .addLast("ws", new WebSocketServerProtocolHandler(serverProtocolConfig(config.maxFrameLength())))
                .addLast("hbtpWs", new HbtpWebSocketFrameCodec())
                .addLast("hbtp", new HbtpServerCodec(config));
    }
}
