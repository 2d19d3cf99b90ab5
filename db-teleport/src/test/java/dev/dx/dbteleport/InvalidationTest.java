package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.dbteleport.internal.InvalidationSink;
import dev.dx.dbteleport.testing.CountingDataSource;
import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache as an {@link InvalidationSink}, driven by a fake change feed: which entries each
 * notification removes, that removal releases the cache's reference (readers keep theirs), and that
 * a result read before an invalidation is never cached after it.
 */
@Timeout(60)
class InvalidationTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private CountingDataSource ds;
    private FakeChangeFeed feed;
    private DbTeleport cache;
    private InvalidationSink sink;
    private final List<CachedResult> readers = new ArrayList<>();

    @BeforeAll
    static void schema() {
        PG.execute("create table users(id int primary key, name text not null);"
                + "create table orders(id int primary key, user_id int not null);"
                + "insert into users values (1, 'ada'), (2, 'bob'), (3, 'cy');"
                + "insert into orders values (10, 1), (11, 2)");
    }

    @BeforeEach
    void open() throws Exception {
        ds = new CountingDataSource(PG.dataSource());
        feed = new FakeChangeFeed();
        cache = DbTeleport.builder().dataSource(ds).changeFeedFactory(feed.factory()).build();
        sink = feed.sink();
        cache.register("user", "select name from users where id = ?", List.of("users"), "id");
        cache.register("users", "select id, name from users order by id", List.of("users"));
        cache.register("orders", "select id from orders where user_id = ?", List.of("public.orders"));
        cache.register("both", "select u.name, o.id from users u join orders o on o.user_id = u.id",
                List.of("users", "orders"));
        for (Object[] q : new Object[][] {{"user", 1}, {"user", 2}, {"users"}, {"orders", 1}, {"both"}}) {
            Object[] params = new Object[q.length - 1];
            System.arraycopy(q, 1, params, 0, params.length);
            readers.add(cache.get((String) q[0], params).get());
        }
        assertThat(cache.stats().entries()).isEqualTo(5);
    }

    @AfterEach
    void close() {
        readers.forEach(CachedResult::close);
        cache.close();
    }

    private boolean cached(String name, Object... params) {
        try (CachedResult r = cache.getCached(name, params)) {
            return r != null;
        }
    }

    @Test
    void whileTheFeedIsNotListeningFillsAreServedAndNotCached() throws Exception {
        sink.everythingChanged("listening connection lost: test");
        feed.connectionDown(true);
        try (CachedResult served = cache.get("user", 3).get()) {
            assertThat(served.rowCount()).isEqualTo(1);
        }
        assertThat(cached("user", 3)).as("nothing could invalidate it").isFalse();
        feed.connectionDown(false);
        sink.everythingChanged("reconnected");
        cache.get("user", 3).get().close();
        assertThat(cached("user", 3)).isTrue();
    }

    @Test
    void aTableChangeRemovesEveryEntryOfTheTableAndNoOther() {
        sink.tableChanged("public.users", 1_000);
        assertThat(cached("user", 1)).isFalse();
        assertThat(cached("user", 2)).isFalse();
        assertThat(cached("users")).isFalse();
        assertThat(cached("both")).isFalse();
        assertThat(cached("orders", 1)).isTrue();
        DbTeleportStats stats = cache.stats();
        assertThat(stats.invalidations()).isEqualTo(4);
        assertThat(stats.notifications()).isEqualTo(1);
        assertThat(stats.meanLagNanos()).isEqualTo(1_000);
        assertThat(stats.maxLagNanos()).isEqualTo(1_000);
        // the cache let go; each reader still holds its own reference
        assertThat(readers.get(0).refCnt()).isEqualTo(1);
        assertThat(readers.get(3).refCnt()).as("orders stays cached").isEqualTo(2);
        assertThat(cache.cache().indexLinks()).as("orders: table + unkeyed").isEqualTo(2);
    }

    @Test
    void aKeyChangeRemovesThatKeyAndTheTablesUnkeyedEntries() {
        sink.keysChanged("public.users", List.of("1", "99"), 0);
        assertThat(cached("user", 1)).isFalse();
        assertThat(cached("users")).isFalse();
        assertThat(cached("both")).isFalse();
        assertThat(cached("user", 2)).as("another key").isTrue();
        assertThat(cached("orders", 1)).as("another table").isTrue();
        assertThat(cache.stats().invalidations()).isEqualTo(3);
    }

    @Test
    void everythingChangedDropsAllAndReleasesAll() {
        sink.everythingChanged("listener reconnected");
        assertThat(cache.stats().entries()).isZero();
        assertThat(cache.stats().invalidations()).isEqualTo(5);
        assertThat(cache.cache().indexLinks()).isZero();
        assertThat(readers).allSatisfy(r -> assertThat(r.refCnt()).isEqualTo(1));
    }

    @Test
    void changesToUnknownTablesRemoveNothing() {
        sink.tableChanged("public.elsewhere", 0);
        sink.keysChanged("other.users", List.of("1"), -5);
        assertThat(cache.stats().entries()).isEqualTo(5);
        assertThat(cache.stats().invalidations()).isZero();
    }

    @Test
    void aResultReadBeforeAnInvalidationIsServedButNotCached() throws Exception {
        // the invalidation lands after the query ran and before its result is offered to the cache
        ds.onNextClose(() -> sink.keysChanged("public.users", List.of("3"), 0));
        try (CachedResult result = cache.get("user", 3).get()) {
            assertThat(result.rowCount()).isEqualTo(1);
            assertThat(result.refCnt()).as("only the reader holds it").isEqualTo(1);
        }
        assertThat(cached("user", 3)).isFalse();
        assertThat(cache.stats().discardedFills()).isEqualTo(1);
        // the next fill, after the invalidation, is cached
        cache.get("user", 3).get().close();
        assertThat(cached("user", 3)).isTrue();
    }

    @Test
    void aResultReadBeforeEverythingChangedIsNotCachedEither() throws Exception {
        ds.onNextClose(() -> sink.everythingChanged("test"));
        cache.get("user", 3).get().close();
        assertThat(cached("user", 3)).isFalse();
        assertThat(cache.stats().discardedFills()).isEqualTo(1);
    }
}
