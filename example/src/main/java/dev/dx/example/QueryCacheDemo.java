package dev.dx.example;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The query cache demo: products served over HBTP from DbTeleport, on {@link DxReactor}.
 *
 * <p>With no JDBC URL it starts an embedded PostgreSQL (a throwaway server in a temporary directory)
 * and creates the {@code products} table; with {@code dx.demo.jdbcUrl} (and {@code dx.demo.user},
 * {@code dx.demo.password}) it uses that database, creating the table if it is missing. It then
 * reads product 1 through an HBTP client twice (a miss that fills the cache, then a hit), changes its
 * price from a plain JDBC connection, waits for the change to reach the cache ({@code sync()}) and
 * reads it again, printing each answer and the cache's statistics. Then it serves route
 * {@value #PRODUCT_ROUTE} (argument: the product id, an i64 little-endian) until Ctrl-C, or for
 * {@code dx.demo.seconds}.
 *
 * <pre>
 * mvn -B -q -DskipTests install &amp;&amp; mvn -B -q -pl example exec:java -Ddx.demo.main=dev.dx.example.QueryCacheDemo
 * </pre>
 */
public final class QueryCacheDemo {

    /** The HBTP route that answers a product by id. */
    public static final int PRODUCT_ROUTE = 1;

    private static final String SCHEMA = "create table if not exists products(id bigint primary key,"
            + " name text not null, price numeric(10,2) not null, updated timestamptz not null default now());"
            + " insert into products(id, name, price) values (1, 'teleporter', 499.00), (2, 'reactor', 89.50)"
            + " on conflict (id) do nothing";

    private QueryCacheDemo() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (System.getProperty("org.slf4j.simpleLogger.log.io.zonky") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn"); // initdb's chatter
        }
        String url = System.getProperty("dx.demo.jdbcUrl");
        String user = System.getProperty("dx.demo.user", "postgres");
        String password = System.getProperty("dx.demo.password", "");
        long seconds = Long.getLong("dx.demo.seconds", 0L);
        EmbeddedPostgres embedded = null;
        if (url == null) {
            out.println("no dx.demo.jdbcUrl: starting an embedded PostgreSQL");
            embedded = EmbeddedPostgres.builder().start();
            url = embedded.getJdbcUrl("postgres", "postgres");
        }
        DxReactor reactor = DxReactor.builder().build().ignite();
        try (Connection writer = DriverManager.getConnection(url, user, password);
                DbTeleport cache = open(url, user, password, writer);
                Listener listener = serve(reactor, cache)) {
            InetSocketAddress address = (InetSocketAddress) listener.localAddress();
            out.println("serving products over HBTP on " + address + ", route " + PRODUCT_ROUTE);
            HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), address, new HbtpClientConfig())
                    .get(10, TimeUnit.SECONDS);
            TeleportQueryResult layout = cache.layout("product");
            out.println("read 1: " + read(client, layout, 1) + "   (a miss: one query, now cached)");
            out.println("read 2: " + read(client, layout, 1) + "   (a hit: the stored bytes, no query)");
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("update products set price = price + 1, updated = now() where id = 1");
            }
            cache.sync().get(10, TimeUnit.SECONDS);
            out.println("read 3: " + read(client, layout, 1) + "   (after a commit: invalidated, read again)");
            out.println(cache.stats());
            client.close();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dx-demo-shutdown"));
            if (seconds > 0) {
                stop.await(seconds, TimeUnit.SECONDS);
            } else {
                out.println("serving until Ctrl-C");
                stop.await();
            }
        } finally {
            reactor.shutdownGracefully(Duration.ofSeconds(5));
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The cache with the demo's one query, after creating the table when it is missing. */
    static DbTeleport open(String url, String user, String password, Connection writer) throws Exception {
        try (Statement s = writer.createStatement()) {
            s.execute(SCHEMA);
        }
        DbTeleport cache = DbTeleport.builder().jdbcUrl(url, user, password).build();
        cache.register("product", "select id, name, price, updated from products where id = ?",
                List.of("products"), "id");
        return cache;
    }

    /** Binds the HBTP server: route {@value #PRODUCT_ROUTE} answers a product from the cache. */
    static Listener serve(DxReactor reactor, DbTeleport cache) {
        HbtpRouteTable routes = HbtpRouteTable.builder().route(PRODUCT_ROUTE, ex -> {
            long id = ex.arguments().readLongLE();
            cache.get("product", id).whenComplete((result, error) -> {
                if (error != null) {
                    ex.fail(HbtpErrorCode.HANDLER_FAILED, String.valueOf(error.getMessage()));
                    return;
                }
                try (CachedResult r = result) {
                    r.respondTo(ex);
                }
            });
        }).build();
        return reactor.bind(new InetSocketAddress("127.0.0.1", Integer.getInteger("dx.demo.port", 0)),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
                    }
                });
    }

    /** Calls the product route for {@code id} and describes the answer's rows. */
    static String read(HbtpClient client, TeleportQueryResult layout, long id) throws Exception {
        ByteBuf args = PooledByteBufAllocator.DEFAULT.directBuffer(8).writeLongLE(id);
        ByteBuf answer = client.call(PRODUCT_ROUTE, args).get(10, TimeUnit.SECONDS);
        TeleportMessage message = TeleportMessage.wrap(answer, layout.layout());
        try {
            TeleportStructView view = new TeleportStructView(layout.root()).wrap(message);
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < view.count("rows"); i++) {
                TeleportStructView row = view.element("rows", i);
                rows.append(row.integer("id")).append(' ').append(row.string("name")).append(' ')
                        .append(row.decimal("price").toPlainString());
            }
            return rows.length() == 0 ? "(no row)" : rows.toString();
        } finally {
            message.release();
        }
    }
}
