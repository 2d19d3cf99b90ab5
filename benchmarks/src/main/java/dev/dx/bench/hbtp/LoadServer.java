package dev.dx.bench.hbtp;

import dev.dx.bench.load.TlsContexts;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import dev.dx.reactor.Backend;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server side of {@link HbtpVsHttp}: {@code hbtp} (HbtpServerCodec + control + router, route 1
 * echoes its arguments), {@code bare} (the same bytes from {@link BareHeaderEcho}, the leanest code
 * for the job), {@code hbtp-tls} ({@code hbtp} under TLS 1.3), {@code bare-tls}, {@code hbtp-encrypted} or
 * {@code http} (HttpServerCodec + HttpObjectAggregator + an echo handler,
 * keep-alive), on the transport the fourth argument names: Netty's {@code nio} (default), {@code io_uring}
 * or {@code epoll} ({@code io_uring-spin}: io_uring polling before it blocks,
 * {@link SpinBeforeBlockIoHandler}), or a {@link DxReactor} forced to a backend ({@code dx-io_uring},
 * {@code dx-epoll}; {@code dx-io_uring-ring} is io_uring with the buffer ring), with the given number of
 * event-loop threads. Prints {@code ready <port>}, then waits for
 * {@code quit} on stdin. Both echo handlers write during the read and flush at read-complete.
 */
public final class LoadServer {

    /** A fixed key so the load client can pin it (benchmark only). */
    static final byte[] SERVER_PRIVATE_KEY = HexFormat.of().parseHex(
            "a8abababababababababababababababababababababababababababababab6b");

    /** How long {@code io_uring-spin} polls before it blocks ({@code -Dload.spin.micros}, default 50 µs). */
    private static final long SPIN_NANOS = Long.getLong("load.spin.micros", 50) * 1000;

    /** Whether a TLS server has printed its first negotiated suite. */
    private static final AtomicBoolean TLS_SUITE_SHOWN = new AtomicBoolean();

    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        String proto = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        String transport = args.length > 3 ? args[3] : "nio";
        HbtpRouteTable routes = echoRoutes();
        ChannelInitializer<Channel> init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                addHandlers(ch.pipeline(), proto, routes);
            }
        };
        if (transport.equals("dx-io_uring-ring")) {
            serveOnReactor(Backend.IO_URING, true, port, threads, init);
            return;
        }
        if (transport.startsWith("dx-")) {
            serveOnReactor(Backend.valueOf(transport.substring(3).toUpperCase(Locale.ROOT)), false, port, threads,
                    init);
            return;
        }
        boolean spin = transport.equals("io_uring-spin");
        boolean ioUring = spin || transport.equals("io_uring");
        boolean epoll = transport.equals("epoll");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                spin ? SpinBeforeBlockIoHandler.factory(IoUringIoHandler.newFactory(), SPIN_NANOS)
                : ioUring ? IoUringIoHandler.newFactory()
                : epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channel = ioUring ? IoUringServerSocketChannel.class
                : epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel server = new ServerBootstrap().group(group).channel(channel)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(init).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            readyUntilQuit(((InetSocketAddress) server.localAddress()).getPort());
            server.close().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    /**
     * The same server on a {@link DxReactor} with {@code backend} forced, not pinned (the JVM is already
     * confined with taskset), one SO_REUSEPORT listener per worker; on io_uring with {@code bufferRing},
     * connections receive into the core's buffer ring (multishot receive).
     */
    private static void serveOnReactor(Backend backend, boolean bufferRing, int port, int threads,
                                       ChannelInitializer<Channel> init) throws Exception {
        DxReactor reactor = DxReactor.builder().backend(backend).bufferRing(bufferRing).workers(threads)
                .pinning(false).build().ignite();
        try (Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", port), init)) {
            readyUntilQuit(((InetSocketAddress) listener.localAddress()).getPort());
        } finally {
            reactor.shutdownGracefully(Duration.ofSeconds(5));
        }
    }

    /** Prints {@code ready <port>}, then waits for {@code quit} (or the end) on stdin. */
    private static void readyUntilQuit(int port) throws Exception {
        System.out.println("ready " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // wait
        }
    }

    /** Route 1 answers with its arguments: the echo every HBTP mode serves. */
    static HbtpRouteTable echoRoutes() {
        return HbtpRouteTable.builder().route(1, ex -> ex.respond(ex.arguments().retain())).build();
    }

    /** Adds the server handlers of mode {@code proto} (see the class comment) to {@code p}. */
    static void addHandlers(ChannelPipeline p, String proto, HbtpRouteTable routes) {
        switch (proto) {
            case "hbtp":
                p.addLast(new HbtpServerCodec(new HbtpCodecConfig()), new HbtpControlHandler(), new HbtpRouter(routes));
                break;
            case "hbtp-encrypted":
            case "hbtp-encrypted-v1":
                // hbtp-encrypted: an HBTP/1.1 peer, so what one flush sends goes out as one sealed Batch
                // (§12); hbtp-encrypted-v1: an HBTP/1 peer, every frame sealed alone
                p.addLast(new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true).peerVersion(
                                proto.equals("hbtp-encrypted") ? HbtpVersion.V1_1 : HbtpVersion.V1)),
                        new HbtpServerHandshaker(new HbtpHandshakeConfig()
                                .staticKeyPair(HbtpKeyPair.fromPrivateKey(SERVER_PRIVATE_KEY))),
                        new HbtpControlHandler(), new HbtpRouter(routes));
                break;
            case "bare":
                p.addLast(new BareHeaderEcho());
                break;
            case "bare-tls":
                // the TLS 1.3 baseline: the same echo under SslHandler (BoringSSL), which seals what one
                // flush writes as one record
                p.addLast(tls(p), new BareHeaderEcho());
                break;
            case "hbtp-tls":
                // HBTP's plaintext pipeline under TLS 1.3: the same RPC work as hbtp-encrypted, sealed by
                // BoringSSL instead of Noise, so the two differ only in the secure channel
                p.addLast(tls(p), new HbtpServerCodec(new HbtpCodecConfig()), new HbtpControlHandler(),
                        new HbtpRouter(routes));
                break;
            case "http":
                p.addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536), new HttpEcho());
                break;
            default:
                throw new IllegalArgumentException("unknown server mode: " + proto);
        }
        p.addLast(ResetQuietly.INSTANCE);
    }

    /**
     * The TLS 1.3 server handler; the first handshake that completes prints its cipher suite to stderr,
     * so a run's log shows which AEAD the client got (see {@link TlsContexts#clientChaCha20()}).
     */
    private static SslHandler tls(ChannelPipeline p) {
        SslHandler tls = TlsContexts.server().newHandler(p.channel().alloc());
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess() && !TLS_SUITE_SHOWN.getAndSet(true)) {
                System.err.println("server: TLS suite " + tls.engine().getSession().getCipherSuite());
            }
        });
        return tls;
    }

    /**
     * Closes a connection its client reset (load runs end with requests in flight) instead of logging a
     * stack trace per connection; any other exception is still logged. It handles nothing else, so Netty
     * skips it on every read and write.
     */
    @ChannelHandler.Sharable
    static final class ResetQuietly extends ChannelInboundHandlerAdapter {
        static final ResetQuietly INSTANCE = new ResetQuietly();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                ctx.close();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    /** Echoes the request body with keep-alive; flushes at read-complete like the HBTP router. */
    static final class HttpEcho extends SimpleChannelInboundHandler<FullHttpRequest> {
        private boolean needsFlush;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ByteBuf body = req.content().retain();
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            HttpUtil.setContentLength(res, body.readableBytes());
            if (HttpUtil.isKeepAlive(req)) {
                ctx.write(res, ctx.voidPromise());
                needsFlush = true;
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (needsFlush) {
                needsFlush = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }
    }
}
