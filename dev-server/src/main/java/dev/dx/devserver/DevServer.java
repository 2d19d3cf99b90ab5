package dev.dx.devserver;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.builtin.CorsMiddleware;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.hbtp.CimHbtp;
import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.cim.jwt.JwtAuthMiddleware;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.websocket.HbtpWebSocket;
import dev.dx.codec.hbtp.websocket.HbtpWebSocketConfig;
import dev.dx.devserver.chains.ApiChain_Cim;
import dev.dx.devserver.chains.HbtpChain_Cim;
import dev.dx.devserver.chains.SiteChain_Cim;
import dev.dx.devserver.files.ClasspathFiles;
import dev.dx.devserver.files.StaticFiles;
import dev.dx.devserver.live.DemoDatabase;
import dev.dx.devserver.live.LiveData;
import dev.dx.devserver.reload.HtmlPages;
import dev.dx.devserver.reload.ReloadHub;
import dev.dx.devserver.reload.SiteWatcher;
import dev.dx.reactor.Backend;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.reactor.ReactorBuilder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dx-www dev server: one port on {@link DxReactor} that serves a site directory over HTTP/1.1, keeps
 * the open pages in step with it over HBTP-over-WebSocket ({@code /hbtp}), and answers live queries from
 * {@code DbTeleport}. The protocol between it and the browser runtime is {@code docs/dev-server.md}.
 *
 * <pre>{@code
 * try (DevServer server = DevServer.start(new DevServerConfig().site(Path.of("site")).port(3000))) {
 *     System.out.println(server.url());
 *     ...
 * }
 * }</pre>
 *
 * <h2>Per connection</h2>
 * <pre>
 * HTTP/1.1 ── SiteChain (timing, CORS, rate limit) ── /_dx/...  the browser runtime (classpath)
 *                                                   ├─ files under the site, HTML rewritten for reload
 *          ── ApiChain (… + JWT)                   ── /api/...   live data as JSON
 * /hbtp    ── WebSocket upgrade ── HBTP ── ReloadHub (hello, pushes) ── HbtpChain ── live-data routes
 * </pre>
 *
 * <h2>Stopping</h2>
 * {@link #close()} stops the watcher, drains the reactor (open pages get GoAway and reconnect when a
 * server is back), closes the query cache and the embedded PostgreSQL, and deletes the copy of the demo
 * site it made. Nothing is left behind.
 */
public final class DevServer implements AutoCloseable {

    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final DxReactor reactor;
    private final Listener listener;
    private final Path site;
    private final Path extractedSite;
    private final DemoDatabase database;
    private final LiveData live;
    private final SiteWatcher watcher;
    private final ReloadHub hub;
    private final DevToken token;
    private boolean closed;

    private DevServer(DxReactor reactor, Listener listener, Path site, Path extractedSite, DemoDatabase database,
            LiveData live, SiteWatcher watcher, ReloadHub hub, DevToken token) {
        this.database = database;
        this.reactor = reactor;
        this.listener = listener;
        this.site = site;
        this.extractedSite = extractedSite;
        this.live = live;
        this.watcher = watcher;
        this.hub = hub;
        this.token = token;
    }

    /**
     * Starts a server with {@code config}. Whatever it started is stopped again when a later step fails.
     *
     * @throws IllegalArgumentException when the site is not a directory
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static DevServer start(DevServerConfig config) {
        DevServerConfig c = checkNotNull(config, "config").copy();
        if (c.site() != null && !Files.isDirectory(c.site())) {
            throw new IllegalArgumentException("not a directory: " + c.site());
        }
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ensurePortFree(c.host(), c.port());
            Path extracted = c.site() == null ? BundledSite.extract() : null;
            if (extracted != null) {
                started.add(() -> BundledSite.delete(extracted));
            }
            Path site = (extracted != null ? extracted : c.site()).toRealPath();

            DemoDatabase database = DemoDatabase.open(c.jdbcUrl(), null, null, c.progress());
            started.add(database);
            LiveData live = LiveData.open(database);
            started.add(live);

            ReactorBuilder rb = DxReactor.builder();
            if (c.workers() > 0) {
                rb.workers(c.workers());
            }
            if (c.backend() != null) {
                rb.backend(c.backend());
            }
            DxReactor reactor = rb.build().ignite();
            started.add(() -> reactor.shutdownGracefully(DRAIN));

            DevToken token = DevToken.generate(Clock.systemUTC());
            HtmlPages pages = new HtmlPages();
            ReloadHub hub = new ReloadHub();
            // one timing histogram and one rate-limit budget per client, whichever chain a request takes
            TimingMiddleware timing = new TimingMiddleware(reactor);
            RateLimitMiddleware rateLimit = new RateLimitMiddleware(reactor,
                    Math.max(c.rateLimitPerSecond(), reactor.workers()), Duration.ofSeconds(1));
            CimHttpRouter router = router(timing, rateLimit, site, pages, live, token);
            HbtpRouteTable routes = routes(timing, rateLimit, live);
            // the browser runtime reads no zstd (docs/dev-server.md, "What the runtime speaks")
            HbtpCodecConfig codec = new HbtpCodecConfig().compressionThreshold(0);
            HbtpWebSocketConfig ws = new HbtpWebSocketConfig();

            Listener listener = reactor.bind(new InetSocketAddress(c.host(), c.port()), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ChannelPipeline p = HbtpWebSocket.addServerHandlers(ch.pipeline(), codec, ws, new CimHttpHandler(router));
                    // file bodies that are not zero-copy (TLS, IOCP) are ChunkedInputs written by the HTTP
                    // handler: they need a ChunkedWriteHandler on its head side
                    p.addBefore(HbtpWebSocket.HTTP_HANDLER_NAME, "httpChunked", new ChunkedWriteHandler());
                    p.addLast("reload", hub)
                            .addLast("control", new HbtpControlHandler())
                            .addLast("router", new HbtpRouter(routes));
                }
            });
            started.add(listener);

            SiteWatcher watcher = SiteWatcher.start(site, c.debounce(), hub, pages);
            return new DevServer(reactor, listener, site, extracted, database, live, watcher, hub, token);
        } catch (RuntimeException | Error e) {
            closeAll(started, e);
            throw e;
        } catch (Exception e) {
            RuntimeException failure = e instanceof java.io.IOException io
                    ? new UncheckedIOException(io.getMessage(), io)
                    : new IllegalStateException(e.getMessage(), e);
            closeAll(started, failure);
            throw failure;
        }
    }

    /**
     * Fails fast, before the database starts, when something already listens on the port. The real bind
     * still decides; this only spares a user with a busy port the wait for the embedded database.
     */
    private static void ensurePortFree(String host, int port) throws java.io.IOException {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        }
    }

    private static CimHttpRouter router(TimingMiddleware timing, RateLimitMiddleware rateLimit, Path site,
            HtmlPages pages, LiveData live, DevToken token) {
        CimHttpRouter.Builder b = CimHttpRouter.builder()
                .chain(new SiteChain_Cim(timing, rateLimit))
                .prefix("/api", new ApiChain_Cim(timing, JwtAuthMiddleware.required(token.verifier(), "dx-dev"), rateLimit))
                .get("/_dx/{file}", new ClasspathFiles("dev/dx/devserver/runtime/"));
        live.addHttpRoutes(b);
        return b.fallback(new StaticFiles(site, pages)).build();
    }

    private static HbtpRouteTable routes(TimingMiddleware timing, RateLimitMiddleware rateLimit, LiveData live) {
        HbtpRouteTable.Builder b = HbtpRouteTable.builder()
                .intercept(CimHbtp.interceptor(new HbtpChain_Cim(timing, rateLimit)));
        live.addRoutes(b);
        return b.build();
    }

    private static void closeAll(List<AutoCloseable> started, Throwable failure) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The page URL, {@code http://host:port/}. */
    public URI url() {
        InetSocketAddress a = (InetSocketAddress) listener.localAddress();
        return URI.create("http://" + hostForUrl(a) + ":" + a.getPort() + "/");
    }

    /** The HBTP-over-WebSocket URL, {@code ws://host:port/hbtp}. */
    public URI hbtpUrl() {
        InetSocketAddress a = (InetSocketAddress) listener.localAddress();
        return URI.create("ws://" + hostForUrl(a) + ":" + a.getPort() + HbtpWebSocket.PATH);
    }

    private static String hostForUrl(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The I/O backend it runs on. */
    public Backend backend() {
        return reactor.backend();
    }

    /** The number of event-loop workers. */
    public int workers() {
        return reactor.workers();
    }

    /** The site directory it serves and watches (a temporary copy of the demo site when none was given). */
    public Path site() {
        return site;
    }

    /** The JDBC URL of the live data (the embedded PostgreSQL's when none was given). */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** A bearer token for {@code /api}, valid for this run only (12 hours). */
    public String apiToken() {
        return token.token();
    }

    /** The live data: the query cache and its database. */
    public LiveData live() {
        return live;
    }

    /** The pages connected now and the pushes so far. */
    public ReloadHub reloadHub() {
        return hub;
    }

    /** The lines {@code dx-dev serve} prints: backend, workers and URLs. */
    public String describe() {
        return "dx-dev serving " + site + "\n"
                + "  backend:  " + backend() + "\n"
                + "  workers:  " + workers() + "\n"
                + "  page:     " + url() + "\n"
                + "  hbtp:     " + hbtpUrl() + " (hbtp.v1.1, hbtp.v1)\n"
                + "  api:      " + url() + "api/query/items (Authorization: Bearer " + apiToken() + ")\n"
                + "  database: " + jdbcUrl();
    }

    /** Stops everything {@link #start} started; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(() -> BundledSite.delete(extractedSite));
        parts.add(database);
        parts.add(live);
        parts.add(() -> reactor.shutdownGracefully(DRAIN));
        parts.add(listener);
        parts.add(watcher);
        RuntimeException failure = new IllegalStateException("dx-dev did not stop cleanly");
        closeAll(parts, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
