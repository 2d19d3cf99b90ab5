package dev.dx.devserver.live;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.dbteleport.CachedResult;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpClientStream;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpStreamObserver;
import dev.dx.common.DrainRequest;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LiveData} over real sockets on {@link DxReactor}, on an embedded PostgreSQL seeded by
 * {@link DemoDatabase}: route 1 answers a query; a route 2 stream gets a fresh result after a commit made
 * by someone else through plain JDBC, holds only the latest result while the page has no credit, ends
 * cleanly on a drain and is forgotten on cancel; bad arguments are RpcError {@link LiveData#BAD_REQUEST};
 * the HTTP routes answer the rows as JSON and commit updates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveDataTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static DemoDatabase database;
    private static LiveData live;
    private static DxReactor reactor;
    private static Listener hbtpServer;
    private static Listener httpServer;
    private static final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
    private static HttpClient http;

    private final List<HbtpClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        database = DemoDatabase.open(null, null, null, line -> { });
        live = LiveData.open(database);
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        HbtpRouteTable.Builder routes = HbtpRouteTable.builder();
        live.addRoutes(routes);
        HbtpRouteTable table = routes.build();
        hbtpServer = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                serverChannels.add(ch);
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(table));
            }
        });
        CimHttpRouter.Builder router = CimHttpRouter.builder();
        live.addHttpRoutes(router);
        CimHttpRouter httpRoutes = router.build();
        httpServer = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new CimHttpHandler(httpRoutes));
            }
        });
        http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
        if (live != null) {
            live.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (HbtpClient c : clients) {
            c.close();
            c.closeFuture().get(10, TimeUnit.SECONDS);
        }
        poll("every stream of the test is forgotten", () -> live.streams().isEmpty());
    }

    @BeforeEach
    void resetRows() throws Exception {
        execute("update demo_items set qty = id, name = 'item ' || id");
        live.cache().sync().get(10, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ helpers

    private HbtpClient connect() throws Exception {
        HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), hbtpServer.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    private static ByteBuf args(String json) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(json.getBytes(UTF_8));
    }

    /** Someone else commits, through plain JDBC. */
    private static void execute(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<List<Object>> jdbcRows(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(List.of(r.getInt("id"), r.getString("name"), r.getInt("qty")));
            }
        }
        return rows;
    }

    /** The qty of each row of a §7 message of query {@code name}, in order. */
    private static List<Long> quantities(String name, ByteBuf message) {
        TeleportQueryResult layout = live.cache().layout(name);
        TeleportStructView root = new TeleportStructView(layout.root())
                .wrap(new TeleportMessageFlyweight().wrap(message, layout.layout()));
        List<Long> qty = new ArrayList<>();
        for (int i = 0; i < root.count("rows"); i++) {
            qty.add(root.element("rows", i).integer("qty"));
        }
        return qty;
    }

    /**
     * Waits for a stream's first chunk; on timeout the failure says how far the stream got on both sides
     * (a rare CI failure here gave only "not within 20000 ms").
     */
    private static void awaitFirstResult(Recorder r) throws InterruptedException {
        try {
            poll("the first result", () -> r.chunks.size() >= 1 || r.end.isDone());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + r.describe() + "; server side: " + describeServer(), e);
        }
        assertThat(r.end).as("the stream ended before its first result: " + r.describe()).isNotDone();
        assertThat(r.chunks).hasSize(1);
    }

    private static String describeServer() {
        List<String> sides = new ArrayList<>();
        for (LiveStream s : live.streams()) {
            sides.add("fetched " + s.fetchedCount() + ", pending " + s.hasPending() + ", fetching " + s.isFetching());
        }
        return live.streams().size() + " open " + sides + ", cache " + live.cache().stats();
    }

    private static void poll(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Records a stream: the qty lists of its chunks, and how it ended. */
    private static final class Recorder implements HbtpStreamObserver {
        final String query;
        final boolean regrant;
        final List<List<Long>> chunks = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> end = new CompletableFuture<>();
        volatile HbtpClientStream stream;

        Recorder(String query, boolean regrant) {
            this.query = query;
            this.regrant = regrant;
        }

        @Override
        public void onStart(HbtpClientStream s) {
            this.stream = s;
        }

        @Override
        public void onNext(ByteBuf chunk) {
            try {
                chunks.add(quantities(query, chunk));
            } catch (RuntimeException e) {
                end.completeExceptionally(e); // seen by the test rather than lost in the client
                throw e;
            }
            if (regrant) {
                stream.request(1);
            }
        }

        @Override
        public void onEnd(ByteBuf data, HbtpMetadata metadata) {
            end.complete("end");
        }

        @Override
        public void onError(HbtpRpcException error) {
            end.completeExceptionally(error);
        }

        String describe() {
            return "client side: started " + (stream != null) + ", " + chunks.size() + " chunks, end "
                    + (!end.isDone() ? "pending" : end.isCompletedExceptionally()
                    ? "failed: " + end.handle((v, t) -> String.valueOf(t)).join() : end.join());
        }

        List<Long> last() {
            return chunks.get(chunks.size() - 1);
        }
    }

    private Recorder subscribe(HbtpClient c, String json, String query, long credit, boolean regrant) {
        Recorder r = new Recorder(query, regrant);
        c.stream(LiveData.STREAM_ROUTE, args(json), HbtpCallOptions.DEFAULT, credit, r);
        return r;
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) httpServer.localAddress()).getPort() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) httpServer.localAddress()).getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ route 1

    @Test
    void route1AnswersTheQueryAsOneMessage() throws Exception {
        execute("update demo_items set qty = qty + 100 where id = 2");
        live.cache().sync().get(10, TimeUnit.SECONDS);
        HbtpClient c = connect();
        ByteBuf all = c.call(LiveData.QUERY_ROUTE, args("{\"query\":\"items\"}")).get(10, TimeUnit.SECONDS);
        try {
            assertThat(quantities("items", all)).containsExactly(1L, 102L, 3L, 4L, 5L);
        } finally {
            all.release();
        }
        ByteBuf one = c.call(LiveData.QUERY_ROUTE, args("{\"query\":\"item\",\"params\":[2]}")).get(10, TimeUnit.SECONDS);
        try {
            assertThat(quantities("item", one)).containsExactly(102L);
        } finally {
            one.release();
        }
    }

    @Test
    void badArgumentsAreRefusedWithBadRequestNamingTheProblem() throws Exception {
        HbtpClient c = connect();
        assertBadRequest(c, "{\"query\":\"nope\"}", "unknown query \"nope\"");
        assertBadRequest(c, "{\"query\":\"items\"", "not valid JSON");
        assertBadRequest(c, "[1]", "not a JSON object");
        assertBadRequest(c, "{\"query\":\"item\",\"params\":[\"x\"]}", "item");
        assertBadRequest(c, "{\"query\":\"item\"}", "0 parameters given");
        Recorder r = subscribe(c, "{\"query\":\"nope\"}", "items", 4, true);
        assertThatThrownBy(() -> r.end.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HbtpRpcException.class)
                .satisfies(e -> assertThat(((HbtpRpcException) e).code()).isEqualTo(LiveData.BAD_REQUEST))
                .hasMessageContaining("unknown query");
        Recorder params = subscribe(c, "{\"query\":\"item\",\"params\":[true]}", "item", 4, true);
        assertThatThrownBy(() -> params.end.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HbtpRpcException.class)
                .satisfies(e -> assertThat(((HbtpRpcException) e).code()).isEqualTo(LiveData.BAD_REQUEST));
        assertThat(r.chunks).isEmpty();
    }

    private static void assertBadRequest(HbtpClient c, String json, String message) {
        assertThatThrownBy(() -> c.call(LiveData.QUERY_ROUTE, args(json)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(HbtpRpcException.class)
                .satisfies(e -> assertThat(((HbtpRpcException) e).code()).as(json).isEqualTo(LiveData.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    // ------------------------------------------------------------------ route 3

    @Test
    void route3AnswersTheCanonicalLayoutWhoseFingerprintTheMessagesCarry() throws Exception {
        HbtpClient c = connect();
        ByteBuf layout = c.call(LiveData.LAYOUT_ROUTE, args("{\"query\":\"items\"}")).get(10, TimeUnit.SECONDS);
        try {
            String canonical = layout.toString(StandardCharsets.UTF_8);
            assertThat(canonical).isEqualTo(live.cache().layout("items").layout().canonical()).startsWith("struct ");
            try (CachedResult r = live.cache().get("items").get(10, TimeUnit.SECONDS)) {
                assertThat(live.cache().layout("items").layout().fingerprint()).isEqualTo(r.fingerprint());
            }
        } finally {
            layout.release();
        }
        assertThatThrownBy(() -> c.call(LiveData.LAYOUT_ROUTE, args("{\"query\":\"nope\"}")).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(HbtpRpcException.class)
                .satisfies(e -> assertThat(((HbtpRpcException) e).code()).isEqualTo(LiveData.BAD_REQUEST))
                .hasMessageContaining("unknown query");
    }

    // ------------------------------------------------------------------ route 2

    @Test
    void aCommitBySomeoneElseReachesTheOpenStream() throws Exception {
        HbtpClient c = connect();
        Recorder all = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
        Recorder one = subscribe(c, "{\"query\":\"item\",\"params\":[3]}", "item", 1, true);
        poll("the first results", () -> all.chunks.size() == 1 && one.chunks.size() == 1);
        assertThat(all.last()).containsExactly(1L, 2L, 3L, 4L, 5L);
        execute("update demo_items set qty = 33 where id = 3");
        poll("the committed row reaches both streams", () -> !all.chunks.isEmpty() && all.last().contains(33L)
                && one.last().equals(List.of(33L)));
        assertThat(all.last()).containsExactly(1L, 2L, 33L, 4L, 5L);
    }

    @Test
    void aBurstOfCommitsEndsOnTheLastState() throws Exception {
        HbtpClient c = connect();
        Recorder r = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
        awaitFirstResult(r);
        try (Connection conn = database.connect(); Statement s = conn.createStatement()) {
            for (int q = 101; q <= 140; q++) {
                s.execute("update demo_items set qty = " + q + " where id = 1"); // autocommit: 40 commits
            }
        }
        poll("the last commit's state arrives", () -> r.last().get(0) == 140L);
        LiveStream server = live.streams().get(0);
        poll("the stream settles", () -> !server.isFetching() && !server.hasPending());
        assertThat(r.last().get(0)).isEqualTo(140L);
        assertThat(r.chunks).extracting(q -> q.get(0)).as("never back to an older state").isSorted();
    }

    @Test
    void withoutCreditOnlyTheLatestResultWaitsAndGoesOutOnTheNextGrant() throws Exception {
        HbtpClient c = connect();
        Recorder r = subscribe(c, "{\"query\":\"items\"}", "items", 1, false);
        awaitFirstResult(r);
        poll("the server side is open", () -> live.streams().size() == 1);
        LiveStream server = live.streams().get(0);
        execute("update demo_items set qty = 10 where id = 1");
        live.cache().sync().get(10, TimeUnit.SECONDS);
        poll("the second result waits for credit", () -> server.fetchedCount() == 2 && server.hasPending()
                && !server.isFetching());
        execute("update demo_items set qty = 20 where id = 1");
        live.cache().sync().get(10, TimeUnit.SECONDS);
        poll("the third result replaced it", () -> server.fetchedCount() == 3 && server.hasPending()
                && !server.isFetching());
        assertThat(r.chunks).as("no chunk without credit").hasSize(1);
        r.stream.request(1);
        poll("the grant brings the latest result", () -> r.chunks.size() == 2);
        assertThat(r.last()).startsWith(20L);
        poll("nothing waits any more", () -> !server.hasPending());
        r.stream.request(1);
        execute("update demo_items set qty = 30 where id = 1");
        poll("the next commit uses the new credit", () -> r.chunks.size() == 3);
        assertThat(r.last()).startsWith(30L);
        assertThat(r.chunks).extracting(q -> q.get(0)).as("the skipped result never went out").containsExactly(1L, 20L, 30L);
    }

    @Test
    void aCancelledStreamIsForgotten() throws Exception {
        HbtpClient c = connect();
        Recorder r = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
        awaitFirstResult(r);
        assertThat(live.streams()).hasSize(1);
        r.stream.cancel();
        poll("the server forgot the stream", () -> live.streams().isEmpty());
        execute("update demo_items set qty = 7 where id = 1");
        live.cache().sync().get(10, TimeUnit.SECONDS);
        assertThat(r.chunks).hasSize(1);
    }

    @Test
    void aDrainEndsTheStreamsCleanly() throws Exception {
        HbtpClient c = connect();
        Recorder r = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
        awaitFirstResult(r);
        Channel server = live.streams().get(0).channel();
        server.eventLoop().execute(() -> server.pipeline().fireUserEventTriggered(DrainRequest.within(30, TimeUnit.SECONDS)));
        assertThat(r.end.get(10, TimeUnit.SECONDS)).as("RpcStreamEnd, not an error").isEqualTo("end");
        c.closeFuture().get(10, TimeUnit.SECONDS);
        poll("the server forgot the stream", () -> live.streams().isEmpty());
    }

    @Test
    void closeEndsTheStreamsCleanlyAndRefusesNewOnes() throws Exception {
        LiveData second = LiveData.open(database);
        Listener listener = null;
        try {
            HbtpRouteTable.Builder routes = HbtpRouteTable.builder();
            second.addRoutes(routes);
            HbtpRouteTable table = routes.build();
            listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(table));
                }
            });
            HbtpClient c = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(), new HbtpClientConfig())
                    .get(10, TimeUnit.SECONDS);
            clients.add(c);
            Recorder r = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
            awaitFirstResult(r);
            second.close();
            assertThat(r.end.get(10, TimeUnit.SECONDS)).as("RpcStreamEnd, not an error").isEqualTo("end");
            poll("the stream is forgotten", () -> second.streams().isEmpty());
            Recorder late = subscribe(c, "{\"query\":\"items\"}", "items", 1, true);
            assertThatThrownBy(() -> late.end.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HbtpRpcException.class)
                    .satisfies(e -> assertThat(((HbtpRpcException) e).errorCode())
                            .isEqualTo(dev.dx.codec.hbtp.HbtpErrorCode.SHUTTING_DOWN));
        } finally {
            second.close();
            if (listener != null) {
                listener.close(Duration.ofSeconds(5));
            }
        }
    }

    // ------------------------------------------------------------------ HTTP

    @Test
    void httpAnswersTheRowsAsJson() throws Exception {
        execute("update demo_items set name = 'quote \" and é' where id = 4");
        live.cache().sync().get(10, TimeUnit.SECONDS);
        HttpResponse<String> all = get("/api/query/items");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("content-type")).hasValue(LiveHttpRoutes.JSON_TYPE);
        StringBuilder expected = new StringBuilder("{\"columns\":[\"id\",\"name\",\"qty\",\"updated_at\"],\"rows\":[");
        List<String> stamps = new ArrayList<>();
        try (Connection conn = database.connect(); Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("select id, name, qty, updated_at from demo_items order by id")) {
            boolean first = true;
            while (rs.next()) {
                expected.append(first ? "" : ",").append('[').append(rs.getInt(1)).append(",\"")
                        .append(rs.getString(2).replace("\"", "\\\"")).append("\",").append(rs.getInt(3)).append(",\"")
                        .append(rs.getObject(4, java.time.OffsetDateTime.class).toInstant()).append("\"]");
                first = false;
            }
        }
        expected.append("]}");
        assertThat(all.body()).isEqualTo(expected.toString());
        HttpResponse<String> one = get("/api/query/item?params=" + URLEncoder.encode("[4]", UTF_8));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("[4,\"quote \\\" and é\",4,");
        assertThat(jdbcRows("select * from demo_items where id = 4")).hasSize(1);
    }

    @Test
    void httpRefusesUnknownQueriesAndBadParameters() throws Exception {
        HttpResponse<String> unknown = get("/api/query/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown query \"nope\"");
        HttpResponse<String> bad = get("/api/query/item?params=" + URLEncoder.encode("[1", UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("params");
        HttpResponse<String> wrongType = get("/api/query/item?params=" + URLEncoder.encode("[\"x\"]", UTF_8));
        assertThat(wrongType.statusCode()).isEqualTo(400);
    }

    @Test
    void httpPostCommitsAnUpdateThatTheStreamsSee() throws Exception {
        HbtpClient c = connect();
        Recorder r = subscribe(c, "{\"query\":\"item\",\"params\":[5]}", "item", 1, true);
        awaitFirstResult(r);
        HttpResponse<String> ok = post("/api/items/5", "{\"qty\":55,\"name\":\"renamed\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"id\":5,\"updated\":true}");
        assertThat(jdbcRows("select * from demo_items where id = 5")).containsExactly(List.of(5, "renamed", 55));
        poll("the stream saw the update", () -> r.last().equals(List.of(55L)));
        assertThat(post("/api/items/999", "{\"qty\":1}").statusCode()).isEqualTo(404);
        HttpResponse<String> badBody = post("/api/items/5", "{\"qty\":\"many\"}");
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(badBody.body()).contains("qty");
        assertThat(post("/api/items/x", "{\"qty\":1}").statusCode()).isEqualTo(400);
        assertThat(post("/api/items/5", "{}").body()).contains("nothing to change");
    }
}
