package dev.dx.codec.hbtp.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpClientHandler;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec §1: HBTP over WebSocket, one frame per binary message, path /hbtp, subprotocol hbtp.v1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpWebSocketTest {

    private static final HbtpRouteTable ECHO = HbtpRouteTable.builder()
            .route(7, ex -> ex.respond(ex.arguments().retain())).build();

    @Test
    void binaryMessageIsOneFrameBothWays() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWebSocketFrameCodec(), new HbtpServerCodec(),
                new HbtpControlHandler(), new HbtpRouter(ECHO));
        byte[] call = {0x30, 0x04, 0x34, 0x12, 0x05, 0, 0, 0, 0x07, 0x00, 0x61, 0x62, 0x63};
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(call)));
        BinaryWebSocketFrame answer = ch.readOutbound();
        try {
            assertThat(io.netty.buffer.ByteBufUtil.hexDump(answer.content())).isEqualTo("3100341203000000616263");
        } finally {
            answer.release();
        }
        assertThat(ch.<Object>readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void messageThatIsNotExactlyOneFrameClosesWithProtocolError() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWebSocketFrameCodec(), new HbtpServerCodec());
        byte[] twoFrames = {0x00, 0, 1, 0, 0, 0, 0, 0, 0x00, 0, 2, 0, 0, 0, 0, 0};
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(twoFrames)));
        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertThat(close.statusCode()).isEqualTo(1002);
        } finally {
            close.release();
        }
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void textMessageClosesWith1003() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWebSocketFrameCodec(), new HbtpServerCodec());
        ch.writeInbound(new TextWebSocketFrame("hello"));
        CloseWebSocketFrame close = ch.readOutbound();
        try {
            assertThat(close.statusCode()).isEqualTo(1003);
        } finally {
            close.release();
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void callsOverARealWebSocketConnection() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            HbtpCodecConfig config = new HbtpCodecConfig();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            HbtpWebSocket.addServerHandlers(ch.pipeline(), config)
                                    .addLast(new HbtpControlHandler(), new HbtpRouter(ECHO));
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            CompletableFuture<Void> upgraded = new CompletableFuture<>();
            WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(new URI("ws://127.0.0.1:" + port + HbtpWebSocket.PATH))
                    .subprotocol(HbtpWebSocket.SUBPROTOCOL)
                    .build();
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                    new WebSocketClientProtocolHandler(ws), new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                                upgraded.complete(null);
                                            }
                                            ctx.fireUserEventTriggered(evt);
                                        }
                                    },
                                    new HbtpWebSocketFrameCodec(), new HbtpClientCodec(), new HbtpControlHandler(),
                                    new HbtpClientHandler());
                        }
                    }).connect(server.localAddress()).sync().channel();
            upgraded.get(10, TimeUnit.SECONDS);
            WebSocketClientProtocolHandler wsh = client.pipeline().get(WebSocketClientProtocolHandler.class);
            assertThat(wsh.handshaker().actualSubprotocol()).isEqualTo("hbtp.v1");
            HbtpClient hbtp = HbtpClient.wrap(client);
            for (int i = 0; i < 20; i++) {
                ByteBuf r = hbtp.call(7, Unpooled.copiedBuffer("ws-" + i, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                try {
                    assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("ws-" + i);
                } finally {
                    r.release();
                }
            }
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
