package dev.dx.codec.hbtp.websocket;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpClientHandler;
import dev.dx.codec.hbtp.HbtpEncoder;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpVersion;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AttributeKey;

/**
 * Constants and pipeline helpers for HBTP over WebSocket (spec §1, §11.1): each binary message carries
 * one frame, on path {@code /hbtp} (configurable), under the subprotocol {@code hbtp.v1} or, for a peer
 * that speaks HBTP/1.1, {@code hbtp.v1.1}.
 *
 * <pre>
 * HbtpWebSocket.addServerHandlers(ch.pipeline(), codecConfig, new HbtpWebSocketConfig().path("/rpc"),
 *         new MyHttpHandler())                              // other HTTP requests; default: 404
 *     .addLast("control", new HbtpControlHandler())
 *     .addLast("router", new HbtpRouter(routes));
 * ...
 * if (HbtpWebSocket.isHbtp11(ctx.channel())) { ... }        // the peer negotiated hbtp.v1.1
 * </pre>
 *
 * <p>The server pipeline, by handler name:
 * <pre>
 * "http"              HttpServerCodec          ─┐ replaced by the WebSocket encoder and decoder,
 * "httpAggregator"    HttpObjectAggregator      ─┘ removed, once the upgrade is done
 * "hbtpWsUpgrade"     refuses (400) an upgrade on the path that offers no accepted subprotocol
 *  (handshaker)       WebSocketServerProtocolHandler's handshake: upgrades requests for the path
 * "ws"                WebSocketServerProtocolHandler: Ping, Pong, Close of the WebSocket
 * "hbtpHttp"          the handler for every other HTTP request (FullHttpRequest); default 404
 * "hbtpWs"            HbtpWebSocketFrameCodec: one binary message ↔ one HBTP frame
 * "hbtp"              HbtpServerCodec
 * "chunked"           ChunkedWriteHandler: HbtpStreamInput / HbtpFileChunkInput written by later
 *                     handlers become HBTP frames here, before the HBTP encoder
 *  ...                the handlers the caller adds: control, router, stream receiver
 * </pre>
 * "hbtpWsUpgrade" and "hbtpHttp" are removed when the upgrade completes, so after it the HTTP handler
 * never sees a WebSocket frame and frames pass through no HTTP handler. Handlers that must see every
 * HBTP frame, such as {@code HbtpConnectionTimeouts}, go right after the codec:
 * {@code p.addAfter("hbtp", "timeouts", new HbtpConnectionTimeouts())}.
 */
public final class HbtpWebSocket {

    /** The default path of the WebSocket endpoint. */
    public static final String PATH = "/hbtp";
    /** The WebSocket subprotocol of HBTP/1. */
    public static final String SUBPROTOCOL = "hbtp.v1";
    /** The WebSocket subprotocol of HBTP/1.1 (§11.1), which an HBTP/1.1 server accepts besides {@link #SUBPROTOCOL}. */
    public static final String SUBPROTOCOL_V1_1 = "hbtp.v1.1";

    /** The name of the handler that refuses upgrades without an accepted subprotocol. */
    public static final String UPGRADE_FILTER_NAME = "hbtpWsUpgrade";
    /** The name of the handler for HTTP requests that are not the upgrade. */
    public static final String HTTP_HANDLER_NAME = "hbtpHttp";

    private static final AttributeKey<String> NEGOTIATED = AttributeKey.valueOf(HbtpWebSocket.class, "subprotocol");

    private HbtpWebSocket() {
    }

    /**
     * The WebSocket server settings for HBTP with the defaults of {@link HbtpWebSocketConfig}: path
     * {@code /hbtp}, subprotocols {@code hbtp.v1.1} and {@code hbtp.v1}, messages up to one
     * maximum-length frame.
     */
    public static WebSocketServerProtocolConfig serverProtocolConfig(int maxFrameLength) {
        return serverProtocolConfig(new HbtpWebSocketConfig(), maxFrameLength);
    }

    /**
     * The WebSocket server settings for {@code ws}, messages up to one frame of {@code maxFrameLength}.
     * On its own, Netty's handshaker upgrades a request that offers none of the subprotocols, without
     * one; {@link #addServerHandlers} puts a check in front of it that refuses such a request.
     */
    public static WebSocketServerProtocolConfig serverProtocolConfig(HbtpWebSocketConfig ws, int maxFrameLength) {
        checkPositive(maxFrameLength, "maxFrameLength");
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(ws.path())
                .subprotocols(String.join(",", ws.subprotocols()))
                .maxFramePayloadLength(maxFrameLength + HbtpHeader.SIZE)
                .checkStartsWith(false)
                .build();
    }

    /** Adds the handlers of the class comment with the default {@link HbtpWebSocketConfig}; other requests get 404. */
    public static ChannelPipeline addServerHandlers(ChannelPipeline p, HbtpCodecConfig config) {
        return addServerHandlers(p, config, new HbtpWebSocketConfig());
    }

    /** Adds the handlers of the class comment; HTTP requests for other paths are answered 404. */
    public static ChannelPipeline addServerHandlers(ChannelPipeline p, HbtpCodecConfig config, HbtpWebSocketConfig ws) {
        return addServerHandlers(p, config, ws, HbtpWebSocketNotFound.INSTANCE);
    }

    /**
     * Adds the handlers of the class comment, with {@code httpHandler} (named {@value #HTTP_HANDLER_NAME})
     * receiving every HTTP request that is not the upgrade, as a {@link FullHttpRequest} (its body at most
     * {@link HbtpWebSocketConfig#maxHttpContentLength()}): it answers and releases them, writing
     * {@code FullHttpResponse}s with its own context. It must answer every request (or close the
     * connection), as nothing after it does. It is removed from the pipeline when the upgrade completes.
     */
    public static ChannelPipeline addServerHandlers(ChannelPipeline p, HbtpCodecConfig config, HbtpWebSocketConfig ws,
            ChannelHandler httpHandler) {
        checkNotNull(config, "config");
        checkNotNull(httpHandler, "httpHandler");
        HbtpWebSocketConfig w = checkNotNull(ws, "ws").snapshot();
        return p.addLast("http", new HttpServerCodec())
                .addLast("httpAggregator", new HttpObjectAggregator(w.maxHttpContentLength()))
                .addLast(UPGRADE_FILTER_NAME, new HbtpWebSocketUpgradeFilter(w))
                .addLast("ws", new WebSocketServerProtocolHandler(serverProtocolConfig(w, config.maxFrameLength())))
                .addLast(HTTP_HANDLER_NAME, httpHandler)
                .addLast("hbtpWs", new HbtpWebSocketFrameCodec())
                .addLast("hbtp", new HbtpServerCodec(config))
                .addLast("chunked", new ChunkedWriteHandler());
    }

    /**
     * The subprotocol negotiated on {@code channel} ({@value #SUBPROTOCOL} or {@value #SUBPROTOCOL_V1_1}),
     * or {@code null} before the upgrade has completed or on a channel that is not HBTP over WebSocket.
     * Recorded by {@link HbtpWebSocketFrameCodec} on either side when it sees the handshake complete.
     */
    public static String negotiatedSubprotocol(Channel channel) {
        return channel.attr(NEGOTIATED).get();
    }

    /** Whether the peer on {@code channel} negotiated {@value #SUBPROTOCOL_V1_1}, so it may be sent §11 frames. */
    public static boolean isHbtp11(Channel channel) {
        return SUBPROTOCOL_V1_1.equals(negotiatedSubprotocol(channel));
    }

    /**
     * Records the subprotocol a handshake negotiated and tells the channel's {@link HbtpEncoder} and, on a
     * client, its {@link HbtpClientHandler} the peer's version: {@link HbtpVersion#V1_1} for {@value #SUBPROTOCOL_V1_1}, else {@link HbtpVersion#V1}, whatever
     * the codec's configuration said, so Batches (§12) go to exactly the peers that chose HBTP/1.1.
     */
    static void negotiated(Channel channel, String subprotocol) {
        channel.attr(NEGOTIATED).set(subprotocol);
        HbtpVersion version = SUBPROTOCOL_V1_1.equals(subprotocol) ? HbtpVersion.V1_1 : HbtpVersion.V1;
        HbtpEncoder encoder = HbtpEncoder.of(channel);
        if (encoder != null) {
            encoder.peerVersion(version);
        }
        HbtpClientHandler client = channel.pipeline().get(HbtpClientHandler.class);
        if (client != null) {
            client.peerVersion(version);
        }
    }

    /** A server upgrade completed: records the subprotocol, drops the handlers that served the HTTP phase. */
    static void upgraded(ChannelPipeline p, String subprotocol) {
        negotiated(p.channel(), subprotocol);
        if (p.context(UPGRADE_FILTER_NAME) != null) {
            p.remove(UPGRADE_FILTER_NAME);
        }
        if (p.context(HTTP_HANDLER_NAME) != null) {
            p.remove(HTTP_HANDLER_NAME);
        }
    }
}
