package dev.dx.codec.hbtp.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpClientHandler;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.stream.HbtpFileChunkInput;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.stream.ChunkedStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spec §1, §11.1: HBTP over WebSocket, one frame per binary message, path /hbtp, subprotocols hbtp.v1.1 and hbtp.v1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpWebSocketTest {

    private static final HbtpRouteTable ECHO = HbtpRouteTable.builder()
            .route(7, ex -> ex.respond(ex.arguments().retain())).build();

    @Test
    void binaryMessageIsOneFrameBothWays() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWebSocketFrameCodec(), new HbtpServerCodec(),
                new HbtpControlHandler(), new HbtpRouter(ECHO));
        byte[] call = {0x30, 0x04, 0x34, 0x12, 0x05, 0, 0, 0, 0x07, 0x00, 0x61, 0x62, 0x63};
        ch.writeInbound(new BinaryWebSocketFrame(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(call)));
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
        ch.writeInbound(new BinaryWebSocketFrame(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(twoFrames)));
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

    // ---- real sockets -----------------------------------------------------------------------------

    private EventLoopGroup group;
    private final List<Channel> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroup() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    /** Starts a server whose channels {@code init} sets up; each accepted channel is added to {@link #accepted}. */
    private Channel server(Consumer<ChannelPipeline> init) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.add(ch);
                        init.accept(ch.pipeline());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private Channel echoServer(HbtpWebSocketConfig ws) throws InterruptedException {
        return server(p -> HbtpWebSocket.addServerHandlers(p, new HbtpCodecConfig(), ws)
                .addLast(new HbtpControlHandler(), new HbtpRouter(ECHO)));
    }

    private static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The outcome of an upgrade attempted with Netty's client handshaker. */
    private static final class Upgrade {
        final CompletableFuture<String> subprotocol = new CompletableFuture<>();
        volatile int status;
        Channel channel;
    }

    /**
     * Attempts an upgrade to {@code path} offering {@code subprotocols} (comma-separated, or {@code null}
     * for none) and waits for the server's answer; on success {@code hbtp} is appended to the client's
     * pipeline, behind the WebSocket decoder.
     */
    private Upgrade upgrade(Channel server, String path, String subprotocols, ChannelHandler... hbtp) throws Exception {
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(
                new URI("ws://127.0.0.1:" + port(server) + path), WebSocketVersion.V13, subprotocols, false,
                EmptyHttpHeaders.INSTANCE, 1 << 20);
        Upgrade u = new Upgrade();
        u.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        hs.handshake(ctx.channel());
                                        ctx.fireChannelActive();
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        u.status = res.status().code();
                                        try {
                                            hs.finishHandshake(ctx.channel(), res);
                                        } catch (RuntimeException e) {
                                            u.subprotocol.completeExceptionally(e);
                                            return;
                                        }
                                        ctx.pipeline().addLast(hbtp);
                                        u.subprotocol.complete(hs.actualSubprotocol());
                                    }
                                });
                    }
                }).connect(server.localAddress()).sync().channel();
        try {
            u.subprotocol.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException refused) {
            // the test looks at status and subprotocol
        }
        return u;
    }

    private static ChannelHandler[] hbtpClient() {
        return new ChannelHandler[] {new HbtpWebSocketFrameCodec(), new HbtpClientCodec(), new HbtpControlHandler(),
                new HbtpClientHandler()};
    }

    private static void echoes(Channel client) throws Exception {
        HbtpClient hbtp = HbtpClient.wrap(client);
        ByteBuf r = hbtp.call(7, PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("over ws".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        try {
            assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("over ws");
        } finally {
            r.release();
        }
    }

    @Test
    @Timeout(60)
    void callsOverARealWebSocketConnection() throws Exception {
        Channel server = echoServer(new HbtpWebSocketConfig());
        int port = port(server);
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
                                });
                        ch.pipeline().addLast(hbtpClient());
                    }
                }).connect(server.localAddress()).sync().channel();
        upgraded.get(10, TimeUnit.SECONDS);
        WebSocketClientProtocolHandler wsh = client.pipeline().get(WebSocketClientProtocolHandler.class);
        assertThat(wsh.handshaker().actualSubprotocol()).isEqualTo("hbtp.v1");
        HbtpClient hbtp = HbtpClient.wrap(client);
        for (int i = 0; i < 20; i++) {
            ByteBuf r = hbtp.call(7, PooledByteBufAllocator.DEFAULT.directBuffer()
                    .writeBytes(("ws-" + i).getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            try {
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("ws-" + i);
            } finally {
                r.release();
            }
        }
        // both sides recorded what was negotiated (the client's codec from WebSocketClientProtocolHandler)
        assertThat(HbtpWebSocket.negotiatedSubprotocol(client)).isEqualTo("hbtp.v1");
        assertThat(HbtpWebSocket.negotiatedSubprotocol(accepted.get(0))).isEqualTo("hbtp.v1");
        assertThat(HbtpWebSocket.isHbtp11(client)).isFalse();
        // the client handler was built for an HBTP/1.1 peer; the subprotocol says HBTP/1 (§11.1)
        assertThat(client.pipeline().get(HbtpClientHandler.class).peerVersion()).isEqualTo(HbtpVersion.V1);
        client.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hbtp.v1.1                 | hbtp.v1.1",
        "hbtp.v1                   | hbtp.v1",
        "chat, hbtp.v1, hbtp.v1.1  | hbtp.v1",   // the first the client lists that the server accepts
        "hbtp.v1.1, hbtp.v1        | hbtp.v1.1",
    })
    @Timeout(60)
    void acceptsHbtp1AndHbtp11AndRecordsWhichOne(String offered, String expected) throws Exception {
        Channel server = echoServer(new HbtpWebSocketConfig());
        Upgrade u = upgrade(server, "/hbtp", offered, hbtpClient());
        assertThat(u.status).isEqualTo(101);
        assertThat(u.subprotocol.get()).isEqualTo(expected);
        echoes(u.channel);
        Channel serverSide = accepted.get(0);
        assertThat(HbtpWebSocket.negotiatedSubprotocol(serverSide)).isEqualTo(expected);
        assertThat(HbtpWebSocket.isHbtp11(serverSide)).isEqualTo(expected.equals("hbtp.v1.1"));
        // the HTTP-phase handlers are gone; "chunked" sits between the HBTP codec and the caller's handlers
        List<String> names = serverSide.eventLoop().submit(() -> serverSide.pipeline().names()).get();
        assertThat(names).doesNotContain(HbtpWebSocket.UPGRADE_FILTER_NAME, HbtpWebSocket.HTTP_HANDLER_NAME,
                "http", "httpAggregator");
        assertThat(names).containsSubsequence("ws", "hbtpWs", "hbtp", "chunked");
        assertThat(names.indexOf("chunked")).isEqualTo(names.indexOf("hbtp") + 1);
        u.channel.close().sync();
        server.close().sync();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "none            | hbtp.v1.1,hbtp.v1",   // no subprotocol at all
        "chat            | hbtp.v1.1,hbtp.v1",
        "hbtp.v2, mqtt   | hbtp.v1.1,hbtp.v1",
        "hbtp.v1.1       | hbtp.v1",             // a server that accepts only HBTP/1
    })
    @Timeout(60)
    void anUpgradeOfferingNoAcceptedSubprotocolIsRefused(String offered, String serverAccepts) throws Exception {
        Channel server = echoServer(new HbtpWebSocketConfig().subprotocols(serverAccepts.split(",")));
        Upgrade u = upgrade(server, "/hbtp", offered, hbtpClient());
        assertThat(u.subprotocol).isCompletedExceptionally();
        assertThat(u.status).isEqualTo(400);
        assertThat(u.channel.closeFuture().await(10, TimeUnit.SECONDS)).as("closed by the server").isTrue();
        assertThat(HbtpWebSocket.negotiatedSubprotocol(accepted.get(0))).isNull();
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void theConfiguredPathIsTheEndpoint() throws Exception {
        Channel server = echoServer(new HbtpWebSocketConfig().path("/api/rpc"));
        Upgrade u = upgrade(server, "/api/rpc", "hbtp.v1", hbtpClient());
        assertThat(u.status).isEqualTo(101);
        echoes(u.channel);
        u.channel.close().sync();
        Upgrade old = upgrade(server, "/hbtp", "hbtp.v1"); // now just another path
        assertThat(old.status).isEqualTo(404);
        old.channel.close().sync();
        server.close().sync();
    }

    /** A plain HTTP/1.1 client: sends GETs and returns "status body" of each answer. */
    private List<String> get(Channel server, String... uris) throws Exception {
        java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();
        Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        answers.add(res.status().code() + " " + res.content().toString(StandardCharsets.UTF_8));
                                    }
                                });
                    }
                }).connect(server.localAddress()).sync().channel();
        List<String> out = new java.util.ArrayList<>();
        for (String uri : uris) { // one after the other on one keep-alive connection
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
            req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
            client.writeAndFlush(req);
            String answer = answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("answer to GET %s", uri).isNotNull();
            out.add(answer);
        }
        client.close().sync();
        return out;
    }

    @Test
    @Timeout(60)
    void otherHttpRequestsGoToTheCallersHandler() throws Exception {
        Channel server = server(p -> HbtpWebSocket.addServerHandlers(p, new HbtpCodecConfig(), new HbtpWebSocketConfig(),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), "page " + req.uri());
                        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                        ctx.writeAndFlush(res);
                    }
                }).addLast(new HbtpControlHandler(), new HbtpRouter(ECHO)));
        assertThat(get(server, "/index.html", "/app.js", "/hbtp?not=the-endpoint"))
                .containsExactly("200 page /index.html", "200 page /app.js", "200 page /hbtp?not=the-endpoint");
        // and the endpoint still upgrades
        Upgrade u = upgrade(server, "/hbtp", "hbtp.v1.1", hbtpClient());
        assertThat(u.status).isEqualTo(101);
        echoes(u.channel);
        u.channel.close().sync();
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void otherHttpRequestsAreAnswered404ByDefault() throws Exception {
        Channel server = echoServer(new HbtpWebSocketConfig());
        assertThat(get(server, "/", "/favicon.ico")).containsExactly("404 ", "404 ");
        server.close().sync();
    }

    @Test
    @Timeout(60)
    void aChunkedStreamWrittenAfterTheCodecArrives() throws Exception {
        byte[] file = new byte[100_000];
        new Random(7).nextBytes(file);
        int chunk = 8192;
        // on any RpcCall: send the file as FileChunk frames through the pipeline's ChunkedWriteHandler
        Channel server = server(p -> HbtpWebSocket.addServerHandlers(p, new HbtpCodecConfig())
                .addLast(new HbtpControlHandler(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        int seq = ((HbtpFrame) msg).sequence();
                        ((HbtpFrame) msg).release();
                        ctx.writeAndFlush(new HbtpFileChunkInput(seq, 42, 0,
                                new ChunkedStream(new ByteArrayInputStream(file), chunk)));
                    }
                }));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<String> problems = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        Upgrade u = upgrade(server, "/hbtp", "hbtp.v1", new HbtpWebSocketFrameCodec(), new HbtpClientCodec(),
                new SimpleChannelInboundHandler<HbtpFrame>() {
                    private int chunks;

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, HbtpFrame f) {
                        ByteBuf b = f.content();
                        long fileId = b.getUnsignedIntLE(b.readerIndex());
                        long offset = b.getLongLE(b.readerIndex() + 4);
                        if (f.opcode() != HbtpOpcode.FILE_CHUNK.code() || f.sequence() != 5 || fileId != 42
                                || offset != received.size()) {
                            problems.add(f.toString());
                        }
                        byte[] data = new byte[b.readableBytes() - 12];
                        b.getBytes(b.readerIndex() + 12, data);
                        received.writeBytes(data);
                        chunks++;
                        if (f.hasFlag(HbtpFlags.FINAL)) {
                            last.complete(null);
                        }
                    }
                });
        assertThat(u.status).isEqualTo(101);
        u.channel.writeAndFlush(HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, 5, 9,
                PooledByteBufAllocator.DEFAULT.directBuffer(0)));
        last.get(20, TimeUnit.SECONDS);
        assertThat(problems).isEmpty();
        assertThat(received.toByteArray()).isEqualTo(file);
        u.channel.close().sync();
        server.close().sync();
    }

    // ---- configuration ----------------------------------------------------------------------------

    @Test
    void configIsValidatedAndSnapshotted() {
        HbtpWebSocketConfig c = new HbtpWebSocketConfig();
        assertThat(c.path()).isEqualTo("/hbtp");
        assertThat(c.subprotocols()).containsExactly("hbtp.v1.1", "hbtp.v1");
        assertThat(c.maxHttpContentLength()).isEqualTo(65_536);
        assertThatThrownBy(() -> c.path("hbtp")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("path : hbtp");
        assertThatThrownBy(() -> c.path("/a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.path("/a?b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.subprotocols("chat")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subprotocols : [chat]");
        assertThatThrownBy(() -> c.subprotocols(new String[0])).hasMessage("subprotocols.length : 0 (expected: > 0)");
        assertThatThrownBy(() -> c.maxHttpContentLength(0)).hasMessage("maxHttpContentLength : 0 (expected: > 0)");
        assertThat(c.subprotocols("hbtp.v1", "hbtp.v1").subprotocols()).containsExactly("hbtp.v1");

        HbtpWebSocketConfig snap = c.path("/x").snapshot();
        c.path("/y");
        assertThat(snap.path()).isEqualTo("/x");
        WebSocketServerProtocolConfig netty = HbtpWebSocket.serverProtocolConfig(snap, 1000);
        assertThat(netty.websocketPath()).isEqualTo("/x");
        assertThat(netty.subprotocols()).isEqualTo("hbtp.v1");
        assertThat(netty.decoderConfig().maxFramePayloadLength()).isEqualTo(1008);
        assertThat(HbtpWebSocket.serverProtocolConfig(1000).subprotocols()).isEqualTo("hbtp.v1.1,hbtp.v1");
    }
}
