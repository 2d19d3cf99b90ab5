package dev.dx.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.dbteleport.DbTeleport;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The query cache demo's steps on an embedded PostgreSQL: a miss, a hit, a commit, the new price. */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueryCacheDemoTest {

    @Test
    void servesAProductFromTheCacheAndSeesACommittedChange() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            DxReactor reactor = DxReactor.builder().workers(2).build().ignite();
            try (Connection writer = DriverManager.getConnection(url, "postgres", "");
                    DbTeleport cache = QueryCacheDemo.open(url, "postgres", "", writer);
                    Listener listener = QueryCacheDemo.serve(reactor, cache)) {
                HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(),
                        new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
                assertThat(QueryCacheDemo.read(client, cache.layout("product"), 1)).isEqualTo("1 teleporter 499.00");
                assertThat(QueryCacheDemo.read(client, cache.layout("product"), 1)).isEqualTo("1 teleporter 499.00");
                assertThat(cache.stats().hits()).isEqualTo(1);
                try (Statement s = writer.createStatement()) {
                    s.executeUpdate("update products set price = price + 1 where id = 1");
                }
                cache.sync().get(10, TimeUnit.SECONDS);
                assertThat(QueryCacheDemo.read(client, cache.layout("product"), 1)).isEqualTo("1 teleporter 500.00");
                assertThat(QueryCacheDemo.read(client, cache.layout("product"), 3)).isEqualTo("(no row)");
                client.close();
            } finally {
                assertThat(reactor.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
            }
        }
    }
}
