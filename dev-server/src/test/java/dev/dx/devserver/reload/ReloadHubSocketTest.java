package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.websocket.HbtpWebSocket;
import dev.dx.codec.hbtp.websocket.HbtpWebSocketFrameCodec;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub behind a real HBTP-over-WebSocket endpoint on DxReactor, with Netty's WebSocket client as the page. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReloadHubSocketTest {

    private DxReactor reactor;
    private Listener listener;
    private final ReloadHub hub = new ReloadHub();

    @BeforeEach
    void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).threadNamePrefix("reload-test").build().ignite();
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                HbtpWebSocket.addServerHandlers(ch.pipeline(), new HbtpCodecConfig())
                        .addLast("control", new HbtpControlHandler())
                        .addLast("reload", hub);
            }
        });
    }

    @AfterEach
    void stop() {
        listener.close();
        reactor.shutdownGracefully(Duration.ofSeconds(5));
    }

    /** A page: a WebSocket client whose binary messages (each one HBTP frame, as sent) are queued in hex. */
    private static final class Page {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        /** The opcodes of the frames codec-hbtp's client decoder passed on. */
        final List<Integer> decoded = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> upgraded = new CompletableFuture<>();
        Channel channel;

        String next() throws InterruptedException {
            String m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }
    }

    private Page connect(String subprotocol) throws Exception {
        Page page = new Page();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(new URI("ws://127.0.0.1:" + port + HbtpWebSocket.PATH))
                .subprotocol(subprotocol)
                .build();
        page.channel = reactor.clientBootstrap().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(ws), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                    page.upgraded.complete(null);
                                }
                                ctx.fireUserEventTriggered(evt);
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof BinaryWebSocketFrame) { // the bytes as they came
                                    page.messages.add(ByteBufUtil.hexDump(((BinaryWebSocketFrame) msg).content()));
                                }
                                ctx.fireChannelRead(msg);
                            }
                        },
                        new HbtpWebSocketFrameCodec(), new HbtpClientCodec(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HbtpFrame) {
                                    page.decoded.add(((HbtpFrame) msg).opcode());
                                }
                                ReferenceCountUtil.release(msg);
                            }
                        });
            }
        }).connect(listener.localAddress()).sync().channel();
        page.upgraded.get(20, TimeUnit.SECONDS);
        return page;
    }

    private static void hello(Page page, String path) {
        ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer();
        body.writeCharSequence("{\"type\":\"hello\",\"page\":\"" + path + "\"}", StandardCharsets.UTF_8);
        page.channel.writeAndFlush(new HbtpFrame(HbtpOpcode.CLIENT_EVENT, 0, 0, body));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            Thread.sleep(5);
        }
    }

    /** A ServerEvent frame as sent: header (0x41, no flags, sequence 0, length) ‖ the JSON. */
    private static String serverEvent(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return "41000000" + HexFormat.of().formatHex(new byte[] {(byte) body.length, 0, 0, 0})
                + HexFormat.of().formatHex(body);
    }

    @Test
    void helloThenCssReloadAndAPatchBatchArriveByteExact() throws Exception {
        Page index = connect(HbtpWebSocket.SUBPROTOCOL_V1_1);
        Page other = connect(HbtpWebSocket.SUBPROTOCOL);
        hello(index, "/index.html");
        hello(other, "/other.html");
        await(() -> hub.pagesShowing("/index.html") == 1 && hub.pagesShowing("/other.html") == 1, "both hellos");

        assertThat(hub.css("/css/site.css")).isEqualTo(2);
        assertThat(hub.reload("/index.html", "the structure changed")).isEqualTo(1);
        assertThat(hub.patch("/index.html", List.of(new HtmlPatch.Text(0x401, "Hi"),
                new HtmlPatch.Attr(0x500, "class", "bc")))).isEqualTo(1);
        assertThat(hub.css("/end.css")).isEqualTo(2);

        String css = serverEvent("{\"type\":\"css\",\"path\":\"/css/site.css\"}");
        String end = serverEvent("{\"type\":\"css\",\"path\":\"/end.css\"}");
        assertThat(index.next()).isEqualTo(css);
        assertThat(index.next()).isEqualTo(serverEvent("{\"type\":\"reload\",\"reason\":\"the structure changed\"}"));
        assertThat(index.next()).isEqualTo("2400000023000000"                   // HtipBatch, 35 bytes
                + "2100000006000000" + "01040000" + "4869"                      // HtipPatchText 0x401 "Hi"
                + "220000000d000000" + "00050000" + "0500" + "636c617373" + "6263"); // HtipPatchAttr 0x500 class=bc
        assertThat(index.next()).isEqualTo(end);
        // the other page shows another file: only the stylesheets reach it
        assertThat(other.next()).isEqualTo(css);
        assertThat(other.next()).isEqualTo(end);
        // codec-hbtp's decoder takes ServerEvent and HtipBatch from a server, and leaves the batch whole
        await(() -> index.decoded.size() == 4, "the client decoded the four frames");
        assertThat(index.decoded).containsExactly(0x41, 0x41, 0x24, 0x41);

        index.channel.close().sync();
        await(() -> hub.pageCount() == 1, "the closed page is forgotten");
        assertThat(hub.reloadAll("bye")).isEqualTo(1);
        assertThat(other.next()).isEqualTo(serverEvent("{\"type\":\"reload\",\"reason\":\"bye\"}"));
        other.channel.close().sync();
        await(() -> hub.pageCount() == 0, "every page is forgotten");
    }
}
