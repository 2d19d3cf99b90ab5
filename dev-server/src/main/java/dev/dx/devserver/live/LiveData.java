package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.http.CimHttpRouter;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpServerStream;
import dev.dx.codec.hbtp.websocket.HbtpWebSocket;
import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import dev.dx.dbteleport.DbTeleportInvalidation;
import dev.dx.dbteleport.DbTeleportInvalidationListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dev server's live data ({@code docs/dev-server.md}, "Live data"): a {@link DbTeleport} on the
 * {@link DemoDatabase} with the demo queries registered, served as HBTP routes and as JSON over HTTP.
 *
 * <table>
 *   <caption>Queries</caption>
 *   <tr><th>name</th><th>parameters</th><th>result</th></tr>
 *   <tr><td>{@value #ITEMS}</td><td>none</td><td>every demo row, by id</td></tr>
 *   <tr><td>{@value #ITEM}</td><td>the id</td><td>that row (or none)</td></tr>
 * </table>
 *
 * <h2>HBTP ({@link #addRoutes})</h2>
 * Arguments are UTF-8 JSON {@code {"query":"items","params":[...]}} ({@link QueryRequestParser}).
 * Route {@value #QUERY_ROUTE}, RpcCall: RpcResponse with the result, one §7 message, sent as the cache
 * stores it ({@link CachedResult#respondTo}). Route {@value #STREAM_ROUTE}, a server stream: the result
 * now, then again after every committed change to the tables the query reads, as RpcStreamChunk frames
 * holding the plain §7 message, within the page's credits (only the latest result waits for credit; see
 * {@link LiveStream}). Arguments that do not parse, an unknown query or parameters that do not fit it
 * are answered RpcError {@link #BAD_REQUEST} with a message naming the problem; a query that fails,
 * {@code HANDLER_FAILED}. Streams end with RpcStreamEnd when the connection drains (GoAway) or
 * {@link #close()} runs: the first stream on a connection adds a small handler at the end of its
 * pipeline that hears the {@code DrainRequest} after {@code HbtpRouter} has sent GoAway, so handlers
 * placed after the router must pass user events on.
 *
 * <h2>HTTP ({@link #addHttpRoutes})</h2>
 * {@code GET /api/query/{name}} (parameters as {@code ?params=[...]}, a JSON array) answers
 * {@code {"columns":[...],"rows":[[...],...]}} ({@link QueryResultJson}); {@code POST /api/items/{id}}
 * with {@code {"qty":N}} and/or {@code {"name":"..."}} updates a demo row ({@link ItemUpdate}).
 *
 * <p>JDBC never runs on an event loop: the cache runs queries on its own executor and the updates run on
 * a writer thread of this class's. Thread-safe.
 */
public final class LiveData implements AutoCloseable {

    /** The RpcCall route: a query's result. */
    public static final int QUERY_ROUTE = 1;

    /** The server-stream route: a query's result, again after every change. */
    public static final int STREAM_ROUTE = 2;

    /**
     * The layout route: a query's canonical §7 layout string (Teleport §4), which a reader that knows only
     * the message's fingerprint needs to read the rows (the browser runtime asks once per fingerprint).
     */
    public static final int LAYOUT_ROUTE = 3;

    /**
     * The RpcError code of a request that cannot be served as asked (bad arguments, unknown query,
     * parameters that do not fit): HBTP's first application code, as §9 has no "bad request".
     */
    public static final int BAD_REQUEST = HbtpErrorCode.FIRST_APPLICATION_CODE;

    /** Every demo row, ordered by id. */
    public static final String ITEMS = "items";

    /** One demo row by id. */
    public static final String ITEM = "item";

    private static final String COLUMNS = "select id, name, qty, updated_at from " + DemoDatabase.TABLE;

    private final DemoDatabase database;
    private final DbTeleport cache;
    private final Set<String> queries = Set.of(ITEMS, ITEM);
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final DbTeleportInvalidationListener listener = this::invalidated;
    private final LiveHttpRoutes http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiveData(DemoDatabase database, DbTeleport cache) {
        this.database = database;
        this.cache = cache;
        this.http = new LiveHttpRoutes(this);
        cache.addInvalidationListener(listener);
    }

    /**
     * Builds the query cache on {@code database} and registers the demo queries. Blocks on the
     * database (not on an event loop). {@code database} stays the caller's to close, after this.
     *
     * @throws IllegalStateException if the cache cannot start or a query not register
     */
    public static LiveData open(DemoDatabase database) {
        checkNotNull(database, "database");
        DbTeleport cache = DbTeleport.builder().jdbcUrl(database.jdbcUrl(), database.user(), database.password())
                .jdbcThreads(2, 256).build();
        try {
            String table = DemoDatabase.TABLE;
            cache.register(ITEMS, COLUMNS + " order by id", List.of(table));
            cache.register(ITEM, COLUMNS + " where id = ?", List.of(table), "id");
        } catch (RuntimeException e) {
            cache.close();
            throw new IllegalStateException("live data: " + e.getMessage(), e);
        }
        return new LiveData(database, cache);
    }

    /** The query cache (for its statistics and {@code sync()}). */
    public DbTeleport cache() {
        return cache;
    }

    /** The database the updates go to. */
    DemoDatabase database() {
        return database;
    }

    /**
     * Adds route {@value #QUERY_ROUTE} (RpcCall), stream route {@value #STREAM_ROUTE} and layout route
     * {@value #LAYOUT_ROUTE} (RpcCall) to {@code routes}.
     */
    public void addRoutes(HbtpRouteTable.Builder routes) {
        checkNotNull(routes, "routes");
        routes.route(QUERY_ROUTE, this::call).stream(STREAM_ROUTE, this::subscribe).route(LAYOUT_ROUTE, this::layout);
    }

    /** Adds {@code GET /api/query/{name}} and {@code POST /api/items/{id}} to {@code router}. */
    public void addHttpRoutes(CimHttpRouter.Builder router) {
        checkNotNull(router, "router");
        http.addTo(router);
    }

    /**
     * {@code request} if its query is registered.
     *
     * @throws LiveRequestException naming the query and the registered ones
     */
    QueryRequest known(QueryRequest request) {
        if (!queries.contains(request.query())) {
            throw new LiveRequestException("unknown query \"" + request.query() + "\" (expected: one of "
                    + queries.stream().sorted().toList() + ")", true);
        }
        return request;
    }

    /**
     * Starts {@code DbTeleport.get} for {@code request}.
     *
     * @throws LiveRequestException if the parameters do not fit the query
     */
    CompletableFuture<CachedResult> get(QueryRequest request) {
        try {
            return cache.get(known(request).query(), request.paramArray());
        } catch (IllegalArgumentException e) {
            throw new LiveRequestException(e.getMessage());
        }
    }

    /** Route 1. */
    private void call(HbtpExchange exchange) {
        CompletableFuture<CachedResult> result;
        try {
            result = get(QueryRequestParser.parse(exchange.arguments()));
        } catch (LiveRequestException e) {
            exchange.fail(BAD_REQUEST, e.getMessage());
            return;
        }
        result.whenComplete((r, error) -> {
            if (error != null) {
                exchange.fail(HbtpErrorCode.HANDLER_FAILED, failure(error));
                return;
            }
            try {
                if (HbtpWebSocket.negotiatedSubprotocol(exchange.channel()) != null) {
                    // the browser runtime has no zstd: the plain message, never the stored frame
                    exchange.respond(r.plainBody(exchange.alloc()));
                } else {
                    r.respondTo(exchange);
                }
            } finally {
                r.close();
            }
        });
    }

    /** Route 3. */
    private void layout(HbtpExchange exchange) {
        String canonical;
        try {
            canonical = cache.layout(known(QueryRequestParser.parse(exchange.arguments())).query()).layout().canonical();
        } catch (LiveRequestException e) {
            exchange.fail(BAD_REQUEST, e.getMessage());
            return;
        }
        exchange.respond(ByteBufUtil.writeUtf8(exchange.alloc(), canonical));
    }

    /** Route 2. */
    private void subscribe(HbtpServerStream stream) {
        QueryRequest request;
        try {
            request = known(QueryRequestParser.parse(stream.arguments()));
        } catch (LiveRequestException e) {
            stream.fail(BAD_REQUEST, e.getMessage());
            return;
        }
        if (closed.get()) {
            stream.fail(HbtpErrorCode.SHUTTING_DOWN, "live data is closed");
            return;
        }
        LiveStream live = new LiveStream(cache, request, stream, streams::remove);
        streams.add(live);
        LiveDrainHandler.install(stream.channel(), this);
        live.start();
    }

    /** What a failed query says to the client. */
    static String failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return "query failed: " + cause.getMessage();
    }

    private void invalidated(DbTeleportInvalidation invalidation) {
        for (LiveStream s : streams) {
            if (s.reads(invalidation)) {
                s.invalidated();
            }
        }
    }

    /** Ends the live streams of {@code channel} with RpcStreamEnd (the connection drains). */
    void endStreams(Channel channel) {
        for (LiveStream s : streams) {
            if (s.channel() == channel) {
                s.endCleanly();
            }
        }
    }

    /** The open streams (tests). */
    List<LiveStream> streams() {
        return new ArrayList<>(streams);
    }

    /**
     * Ends every live stream with RpcStreamEnd, stops the writer and closes the cache. The
     * {@link DemoDatabase} stays open (its owner closes it). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cache.removeInvalidationListener(listener);
        for (LiveStream s : streams) {
            s.endCleanly();
        }
        try {
            http.close();
        } finally {
            cache.close();
        }
    }
}
