package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.BlockingOperationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way to get a query or its parameters wrong gives an error that names the query and the culprit. */
@Timeout(60)
class RegistrationErrorsTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final FakeChangeFeed FEED = new FakeChangeFeed();
    private static DbTeleport cache;

    @BeforeAll
    static void setUp() {
        PG.execute("create table items(id bigint primary key, owner int not null, name text not null, spot point,"
                + " span interval, price numeric, day date);"
                + "create table tags(item_id bigint not null, tag text not null);"
                + "insert into items values (1, 10, 'one', point(1, 2), interval '1 day', 9.50, '2024-01-01')");
        cache = DbTeleport.builder().dataSource(PG.dataSource()).changeFeedFactory(FEED.factory()).build();
        cache.register("byId", "select id, name from items where id = ?", List.of("items"), "id");
        cache.register("byPrice", "select id from items where price = ? and day = ?", List.of("items"));
    }

    @AfterAll
    static void tearDown() {
        cache.close();
    }

    @Test
    void watchesEachResolvedTableWithItsKeyColumn() {
        assertThat(FEED.started()).isTrue();
        assertThat(FEED.channel()).isEqualTo("dx_teleport");
        assertThat(FEED.watches()).contains(new FakeChangeFeed.Watch("public.items", "id"),
                new FakeChangeFeed.Watch("public.items", null));
    }

    @Test
    void unknownQueryName() {
        assertThatThrownBy(() -> cache.get("nope", 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query nope: not registered").hasMessageContaining("byId");
        assertThatThrownBy(() -> cache.getCached("nope")).hasMessageContaining("query nope: not registered");
    }

    @Test
    void badSql() {
        assertThatThrownBy(() -> cache.register("bad", "select id frm items", List.of("items")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query bad: the SQL does not prepare").hasMessageContaining("syntax error");
        assertThatThrownBy(() -> cache.register("bad", "select nosuch from items", List.of("items")))
                .hasMessageContaining("query bad:").hasMessageContaining("nosuch");
    }

    @Test
    void unknownTable() {
        assertThatThrownBy(() -> cache.register("ghost", "select 1 as one", List.of("items", "ghosts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query ghost: dependent table \"ghosts\" does not exist");
    }

    @Test
    void unsupportedColumnTypes() {
        assertThatThrownBy(() -> cache.register("spots", "select id, spot from items", List.of("items")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("query spots: column 2 \"spot\" : PostgreSQL type \"point\" is not supported");
        assertThatThrownBy(() -> cache.register("spans", "select span from items", List.of("items")))
                .hasMessageStartingWith("query spans: column 1 \"span\" : PostgreSQL type \"interval\" is not supported");
    }

    @Test
    void keyColumnMustBeInEveryTableAndAParameter() {
        assertThatThrownBy(() -> cache.register("k1", "select i.id from items i join tags t on t.item_id = i.id"
                + " where i.id = ?", List.of("items", "tags"), "id"))
                .hasMessage("query k1: key column \"id\" is not a column of dependent table public.tags"
                        + " (expected: a column of every dependent table)");
        assertThatThrownBy(() -> cache.register("k2", "select id from items", List.of("items"), "id"))
                .hasMessageStartingWith("query k2: key column id given, but the query has no parameters");
    }

    @Test
    void duplicateNameAndUnbindableParameter() {
        assertThatThrownBy(() -> cache.register("byId", "select 1 as one", List.of("items")))
                .hasMessage("query byId: already registered");
        assertThatThrownBy(() -> cache.register("near", "select id from items where spot ~= ?", List.of("items")))
                .hasMessageStartingWith("query near: parameter 1 has type point");
    }

    @Test
    void wrongParameterCountAndType() {
        assertThatThrownBy(() -> cache.get("byId")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query byId: 0 parameters given (expected: 1)");
        assertThatThrownBy(() -> cache.get("byId", 1L, 2L)).hasMessage("query byId: 2 parameters given (expected: 1)");
        assertThatThrownBy(() -> cache.get("byId", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query byId: parameter 1 : java.lang.String (expected: bigint (Short, Integer or Long))");
        assertThatThrownBy(() -> cache.getCached("byPrice", new BigDecimal("9.5"), "2024-01-01"))
                .hasMessage("query byPrice: parameter 2 : java.lang.String (expected: date (LocalDate))");
    }

    @Test
    void equalValuesOfDifferentJavaTypesAreOneKey() throws Exception {
        cache.get("byId", 1L).get().close();
        try (CachedResult viaInt = cache.getCached("byId", 1); CachedResult viaShort = cache.getCached("byId", (short) 1)) {
            assertThat(viaInt).isNotNull();
            assertThat(viaShort).isNotNull();
            assertThat(viaInt.rowCount()).isEqualTo(1);
        }
        cache.get("byPrice", new BigDecimal("9.50"), java.time.LocalDate.of(2024, 1, 1)).get().close();
        try (CachedResult scaled = cache.getCached("byPrice", new BigDecimal("9.5000"), java.time.LocalDate.of(2024, 1, 1))) {
            assertThat(scaled).isNotNull();
            assertThat(scaled.rowCount()).isEqualTo(1);
        }
    }

    @Test
    void registerRefusesTheEventLoop() throws Exception {
        EventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            Throwable thrown = group.submit(() -> {
                try {
                    cache.register("fromLoop", "select 1 as one", List.of("items"));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }).get();
            assertThat(thrown).isInstanceOf(BlockingOperationException.class)
                    .hasMessageContaining("DbTeleport.register blocks on the database");
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aFailingQueryFailsItsFutureAndCachesNothing() {
        cache.register("ratio", "select 100 / ? as r", List.of("items"));
        assertThatThrownBy(() -> cache.get("ratio", 0).get()).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("division by zero");
        assertThat(cache.getCached("ratio", 0)).isNull();
    }
}
