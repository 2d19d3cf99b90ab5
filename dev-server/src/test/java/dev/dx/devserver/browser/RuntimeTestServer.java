package dev.dx.devserver.browser;

import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.websocket.HbtpWebSocket;
import dev.dx.codec.hbtp.websocket.HbtpWebSocketConfig;
import dev.dx.devserver.files.ClasspathFiles;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The browser tests' server on {@link DxReactor}: HTTP for {@code /_dx/} from the classpath
 * ({@link ClasspathFiles} of {@code dev.dx.devserver.files}) and HBTP over WebSocket on {@code /hbtp} with {@link RuntimeTestRoutes}.
 * Bodies are never compressed ({@code compressionThreshold(0)}), as docs/dev-server.md asks of the
 * dev server: the browser runtime has no zstd. Every ClientEvent body is recorded per connection.
 */
final class RuntimeTestServer implements AutoCloseable {

    private static final AttributeKey<Integer> CONNECTION = AttributeKey.valueOf(RuntimeTestServer.class, "connection");
    private static final AttributeKey<List<String>> HELLOS = AttributeKey.valueOf(RuntimeTestServer.class, "hellos");

    private final DxReactor reactor;
    private final Listener listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    RuntimeTestServer(byte[] usersResult) {
        HbtpRouteTable routes = RuntimeTestRoutes.build(usersResult);
        HbtpCodecConfig codec = new HbtpCodecConfig().compressionThreshold(0);
        // the dev server's own class-path file handler: the runtime under /_dx/, the test pages under /site/
        CimHttpRouter files = CimHttpRouter.builder()
                .get("/_dx/{file}", new ClasspathFiles("dev/dx/devserver/runtime/"))
                .get("/site/{file}", new ClasspathFiles("/site/", "browser/site/", RuntimeTestServer.class.getClassLoader()))
                .build();
        reactor = DxReactor.builder().workers(1).pinning(false).reusePort(false).build().ignite();
        try {
            listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.attr(CONNECTION).set(connections.incrementAndGet());
                    ch.attr(HELLOS).set(new CopyOnWriteArrayList<>());
                    channels.add(ch);
                    ch.closeFuture().addListener(f -> channels.remove(ch));
                    HbtpWebSocket.addServerHandlers(ch.pipeline(), codec, new HbtpWebSocketConfig(), new CimHttpHandler(files))
                            .addLast("control", new HbtpControlHandler())
                            .addLast("router", new HbtpRouter(routes))
                            .addLast("events", new ClientEvents());
                }
            });
        } catch (RuntimeException e) {
            reactor.shutdownGracefully(Duration.ofSeconds(5));
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String origin() {
        return "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The number of connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /**
     * Writes {@code opcode} with {@code body} (sequence 0, no flags) to every open connection whose
     * page said {@code hello} with {@code page}; returns how many got it.
     */
    int push(String page, HbtpOpcode opcode, byte[] body) {
        String hello = "{\"type\":\"hello\",\"page\":\"" + page + "\"}";
        int sent = 0;
        for (Channel ch : channels) {
            if (ch.isActive() && hellos(ch).contains(hello)) {
                ch.writeAndFlush(HbtpFrame.newInstance(opcode, 0, 0, ch.alloc().buffer(body.length).writeBytes(body)));
                sent++;
            }
        }
        return sent;
    }

    /** How many open connections said hello with {@code page}. */
    long pagesOpen(String page) {
        String hello = "{\"type\":\"hello\",\"page\":\"" + page + "\"}";
        return channels.stream().filter(ch -> ch.isActive() && hellos(ch).contains(hello)).count();
    }

    static int connectionId(Channel ch) {
        Integer id = ch.attr(CONNECTION).get();
        return id == null ? 0 : id;
    }

    static List<String> hellos(Channel ch) {
        List<String> seen = ch.attr(HELLOS).get();
        return seen == null ? List.of() : seen;
    }

    @Override
    public void close() {
        listener.close();
        reactor.shutdownGracefully(Duration.ofSeconds(5));
    }

    /** Last in the pipeline: records ClientEvent bodies, releases whatever reaches it. */
    private static final class ClientEvents extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HbtpFrame && ((HbtpFrame) msg).type() == HbtpOpcode.CLIENT_EVENT) {
                    hellos(ctx.channel()).add(((HbtpFrame) msg).body().toString(StandardCharsets.UTF_8));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
