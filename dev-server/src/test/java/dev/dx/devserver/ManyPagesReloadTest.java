package dev.dx.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.websocket.HbtpWebSocket;
import dev.dx.codec.hbtp.websocket.HbtpWebSocketFrameCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many pages at once: 1,000 HBTP-over-WebSocket connections to one dev server each say {@code hello},
 * and a change that reloads every page reaches all of them.
 */
class ManyPagesReloadTest {

    private static final int PAGES = 1_000;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aThousandPagesAllReceiveTheReload(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<!doctype html><html><head></head><body><p>hi</p></body></html>");
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (DevServer server = DevServer.start(new DevServerConfig().site(site).port(0).workers(2)
                .rateLimitPerSecond(1_000_000))) {
            CountDownLatch reloaded = new CountDownLatch(PAGES);
            List<CompletableFuture<Void>> upgrades = new ArrayList<>();
            List<Channel> pages = new ArrayList<>();
            for (int i = 0; i < PAGES; i++) {
                CompletableFuture<Void> upgraded = new CompletableFuture<>();
                upgrades.add(upgraded);
                pages.add(connect(clients, server, upgraded, reloaded));
                if (i % 100 == 99) { // let the accept queue drain now and then
                    CompletableFuture.allOf(upgrades.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(upgrades.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (Channel page : pages) {
                ByteBuf hello = PooledByteBufAllocator.DEFAULT.directBuffer();
                hello.writeCharSequence("{\"type\":\"hello\",\"page\":\"/index.html\"}", StandardCharsets.UTF_8);
                page.writeAndFlush(new HbtpFrame(HbtpOpcode.CLIENT_EVENT, 0, 0, hello));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.reloadHub().pageCount() < PAGES) {
                assertThat(System.nanoTime()).as("all hellos seen; pages: %d", server.reloadHub().pageCount())
                        .isLessThan(deadline);
                Thread.sleep(20);
            }

            Files.writeString(site.resolve("app.js"), "console.log('new script');"); // not css, not html: reload all

            assertThat(reloaded.await(60, TimeUnit.SECONDS))
                    .as("pages reloaded: %d of %d", PAGES - reloaded.getCount(), PAGES).isTrue();
            for (Channel page : pages) {
                page.close();
            }
        } finally {
            clients.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Channel connect(EventLoopGroup group, DevServer server, CompletableFuture<Void> upgraded,
            CountDownLatch reloaded) throws Exception {
        WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create(server.hbtpUrl().toString()))
                .subprotocol(HbtpWebSocket.SUBPROTOCOL_V1_1)
                .handshakeTimeoutMillis(Duration.ofSeconds(60).toMillis())
                .build();
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketClientProtocolHandler(ws), new HbtpWebSocketFrameCodec(),
                                new HbtpClientCodec(), new ChannelInboundHandlerAdapter() {
                                    private boolean counted;

                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            upgraded.complete(null);
                                        }
                                        ctx.fireUserEventTriggered(evt);
                                    }

                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        try {
                                            if (msg instanceof HbtpFrame f && f.opcode() == HbtpOpcode.SERVER_EVENT.code()
                                                    && f.body().toString(StandardCharsets.UTF_8).contains("\"reload\"")
                                                    && !counted) {
                                                counted = true;
                                                reloaded.countDown();
                                            }
                                        } finally {
                                            ReferenceCountUtil.release(msg);
                                        }
                                    }
                                });
                    }
                }).connect(server.url().getHost(), server.port()).sync().channel();
    }
}
