package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.dbteleport.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which entries a committed change removes, with the real change feed (triggers, LISTEN/NOTIFY):
 * a key's change removes that key's entries and the table's unkeyed ones (here: the entry of a NULL
 * parameter, which no key names), a change to another table none of them, TRUNCATE all of the table's,
 * a change to rows with a NULL key only the unkeyed ones.
 * An unkeyed query on a keyed table does not turn these changes table-wide. Each commit is followed by {@link DbTeleport#sync()}, so its notification has been applied when the
 * assertions run. Removal releases the cache's reference to the body (readers keep theirs), and so does
 * eviction.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealFeedInvalidationTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private DbTeleport db;
    private final List<CachedResult> held = new ArrayList<>();

    @BeforeAll
    static void schema() {
        PG.execute("create table item(id int primary key, v int not null);"
                + "create table other(id int primary key, v int not null);"
                + "create table tagged(k int, v int not null)");
    }

    @BeforeEach
    void open() {
        // data first, then the cache: its feed LISTENs after these commits, so it hears none of them
        PG.execute("truncate item, other, tagged;"
                + "insert into item values (1, 0), (2, 0), (3, 0);"
                + "insert into other values (1, 0);"
                + "insert into tagged values (1, 0), (2, 0), (null, 0)");
        db = build(DbTeleport.builder());
    }

    private static DbTeleport build(DbTeleportBuilder builder) {
        DbTeleport cache = builder.dataSource(PG.dataSource()).build();
        // an unkeyed query on each keyed table: before the keyed one on item, after it on tagged
        cache.register("items", "select id, v from item order by id", List.of("item"));
        cache.register("item", "select v from item where id = ?", List.of("item"), "id");
        cache.register("other", "select v from other where id = ?", List.of("other"), "id");
        cache.register("tag", "select v from tagged where k = ?", List.of("tagged"), "k");
        cache.register("tags", "select k, v from tagged order by k", List.of("tagged"));
        return cache;
    }

    @AfterEach
    void close() {
        held.forEach(CachedResult::close);
        if (db != null) {
            db.close();
        }
    }

    private void fill(DbTeleport cache, String name, Object... params) throws Exception {
        cache.get(name, params).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        assertThat(cached(cache, name, params)).as("%s is cached after a get", name).isTrue();
    }

    private static boolean cached(DbTeleport cache, String name, Object... params) {
        try (CachedResult r = cache.getCached(name, params)) {
            return r != null;
        }
    }

    /** Commits {@code sql} from a plain connection, then waits for the cache's barrier. */
    private void commitAndSync(String sql) throws Exception {
        PG.execute(sql);
        db.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aKeysChangeRemovesThatKeyAndTheTablesUnkeyedEntriesOnly() throws Exception {
        fill(db, "item", 1);
        fill(db, "item", 2);
        fill(db, "item", (Object) null);
        fill(db, "items");
        fill(db, "other", 1);
        commitAndSync("update item set v = 1 where id = 1");
        assertThat(cached(db, "item", 1)).as("the changed key").isFalse();
        assertThat(cached(db, "item", (Object) null)).as("the table's unkeyed entry").isFalse();
        assertThat(cached(db, "items")).as("the unkeyed query's entry").isFalse();
        assertThat(cached(db, "item", 2)).as("another key of the table").isTrue();
        assertThat(cached(db, "other", 1)).as("another table's entry").isTrue();
        assertThat(db.stats().invalidations()).isEqualTo(3);
        assertThat(db.stats().notifications()).as("one notification, with keys, though an unkeyed query watches too")
                .isEqualTo(1);
    }

    @Test
    void aChangeToAnotherTableRemovesNothingOfThisOne() throws Exception {
        fill(db, "item", 1);
        fill(db, "item", (Object) null);
        commitAndSync("update other set v = 1 where id = 1");
        assertThat(db.stats().notifications()).as("the other table's notification arrived").isEqualTo(1);
        assertThat(cached(db, "item", 1)).isTrue();
        assertThat(cached(db, "item", (Object) null)).isTrue();
        assertThat(db.stats().invalidations()).isZero();
    }

    @Test
    void truncateRemovesEveryEntryOfTheTable() throws Exception {
        fill(db, "item", 1);
        fill(db, "item", 2);
        fill(db, "item", 99);
        fill(db, "item", (Object) null);
        fill(db, "other", 1);
        commitAndSync("truncate item");
        assertThat(cached(db, "item", 1)).isFalse();
        assertThat(cached(db, "item", 2)).isFalse();
        assertThat(cached(db, "item", 99)).as("a key that had no row").isFalse();
        assertThat(cached(db, "item", (Object) null)).isFalse();
        assertThat(cached(db, "other", 1)).as("another table's entry").isTrue();
        assertThat(db.stats().invalidations()).isEqualTo(4);
    }

    @Test
    void aChangeToRowsWithANullKeyRemovesOnlyTheUnkeyedEntries() throws Exception {
        fill(db, "tag", 1);
        fill(db, "tag", 2);
        fill(db, "tag", (Object) null);
        fill(db, "tags");
        commitAndSync("update tagged set v = 1 where k is null");
        assertThat(db.stats().notifications()).as("the change notified, with no key").isEqualTo(1);
        assertThat(cached(db, "tag", (Object) null)).as("the entry for a NULL parameter is unkeyed").isFalse();
        assertThat(cached(db, "tags")).as("the unkeyed query's entry").isFalse();
        assertThat(cached(db, "tag", 1)).isTrue();
        assertThat(cached(db, "tag", 2)).isTrue();
    }

    @Test
    void anInvalidationThroughTheFeedReleasesTheCachesReference() throws Exception {
        CachedResult reader = db.get("item", 1).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        held.add(reader);
        CachedResult whole = db.get("item", (Object) null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        held.add(whole);
        assertThat(reader.refCnt()).as("the cache's and the reader's").isEqualTo(2);
        commitAndSync("update item set v = 2 where id = 1");
        assertThat(reader.refCnt()).as("the reader's only").isOne();
        assertThat(whole.refCnt()).isOne();
        reader.close();
        whole.close();
        assertThat(reader.refCnt()).isZero();
        assertThat(whole.refCnt()).isZero();
    }

    @Test
    void everythingDroppedOnCloseAndByEvictionIsReleased() throws Exception {
        db.close();
        db = build(DbTeleport.builder().maxEntries(2));
        for (int id = 1; id <= 3; id++) {
            held.add(db.get("item", id).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        db.cache().cleanUp();
        assertThat(db.stats().evictions()).as("a third entry does not fit in two").isPositive();
        int stillCached = 0;
        for (CachedResult r : held) {
            stillCached += r.refCnt() - 1;
        }
        assertThat(stillCached).isEqualTo(db.stats().entries()).isLessThanOrEqualTo(2);
        commitAndSync("update item set v = 3 where id in (1, 2, 3)");
        assertThat(db.stats().entries()).isZero();
        for (CachedResult r : held) {
            assertThat(r.refCnt()).isOne();
            r.close();
            assertThat(r.refCnt()).isZero();
        }
    }
}
