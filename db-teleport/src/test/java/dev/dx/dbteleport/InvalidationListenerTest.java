package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.internal.InvalidationNotifier;
import dev.dx.dbteleport.internal.notify.PgChangeFeed;
import dev.dx.dbteleport.testing.Poll;
import dev.dx.dbteleport.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DbTeleport#addInvalidationListener}: with the real change feed, a listener hears of a committed
 * change to a table a query reads, after the cache dropped the entry, on the notifier thread (not the
 * LISTEN thread); a listener that throws or blocks holds up neither the other listeners nor the feed;
 * a removed listener hears nothing; a broken LISTEN connection is reported as "everything".
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvalidationListenerTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String LISTENER_APP = "dx-it-invalidation-listener";

    private DbTeleport db;

    /** One delivery as a listener saw it. */
    private record Heard(DbTeleportInvalidation event, String thread, boolean itemStillCached) {
    }

    @BeforeAll
    static void schema() {
        PG.execute("create table item(id int primary key, v int not null);"
                + "create table other(id int primary key, v int not null);"
                + "insert into item values (1, 0), (2, 0); insert into other values (1, 0)");
    }

    @BeforeEach
    void open() {
        String listenUrl = PG.jdbcUrl() + "&ApplicationName=" + LISTENER_APP;
        db = DbTeleport.builder().dataSource(PG.dataSource())
                .listenConnections(() -> DriverManager.getConnection(listenUrl)).build();
        db.register("items", "select id, v from item order by id", List.of("item"));
        db.register("item", "select v from item where id = ?", List.of("item"), "id");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private List<Heard> record() {
        List<Heard> heard = new CopyOnWriteArrayList<>();
        db.addInvalidationListener(e -> heard.add(new Heard(e, Thread.currentThread().getName(), cached("items"))));
        return heard;
    }

    private boolean cached(String name, Object... params) {
        try (CachedResult r = db.getCached(name, params)) {
            return r != null;
        }
    }

    private void fill(String name, Object... params) throws Exception {
        db.get(name, params).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
    }

    private void commitAndSync(String sql) throws Exception {
        PG.execute(sql);
        db.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aCommitReachesTheListenerAfterTheEntryWasDroppedOffTheListenThread() throws Exception {
        fill("items");
        List<Heard> heard = record();
        commitAndSync("update item set v = v + 1 where id = 1");
        Poll.until(WAIT, "the listener heard of the commit", () -> !heard.isEmpty());
        Heard h = heard.get(0);
        assertThat(h.event().tables()).containsExactly("public.item");
        assertThat(h.event().everything()).isFalse();
        assertThat(h.event().reason()).isNull();
        assertThat(h.itemStillCached()).as("the entry was gone before the listener ran").isFalse();
        assertThat(h.thread()).isEqualTo(InvalidationNotifier.THREAD_NAME).isNotEqualTo(PgChangeFeed.LISTEN_THREAD_NAME);
        assertThat(h.event().touches(db.tables("items"))).isTrue();
        assertThat(db.tables("item")).containsExactly("public.item");
    }

    @Test
    void aChangeToATableNoQueryReadsIsNotReported() throws Exception {
        // another instance on the same channel watches "other": its commits reach this feed too
        try (DbTeleport second = DbTeleport.builder().dataSource(PG.dataSource()).build()) {
            second.register("other", "select v from other where id = ?", List.of("other"), "id");
            List<Heard> heard = record();
            commitAndSync("update other set v = v + 1");
            assertThat(db.stats().notifications()).as("the notification arrived").isEqualTo(1);
            commitAndSync("update item set v = v + 1 where id = 2");
            Poll.until(WAIT, "the listener heard of the item commit", () -> !heard.isEmpty());
            assertThat(heard).extracting(x -> x.event().tables()).containsExactly(java.util.Set.of("public.item"));
        }
    }

    @Test
    void aThrowingListenerIsLoggedAndNeitherTheOthersNorTheFeedSuffer() throws Exception {
        db.addInvalidationListener(e -> {
            throw new IllegalStateException("listener failure on purpose");
        });
        List<Heard> heard = record();
        fill("items");
        commitAndSync("update item set v = v + 1 where id = 1");
        Poll.until(WAIT, "the second listener heard the first commit", () -> heard.size() == 1);
        fill("items");
        commitAndSync("update item set v = v + 1 where id = 1");
        assertThat(cached("items")).as("the feed still invalidates").isFalse();
        Poll.until(WAIT, "the second listener heard the second commit", () -> heard.size() == 2);
    }

    @Test
    void aBlockedListenerHoldsUpNeitherTheFeedNorTheCache() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        List<DbTeleportInvalidation> heard = new CopyOnWriteArrayList<>();
        db.addInvalidationListener(e -> {
            heard.add(e);
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            commitAndSync("update item set v = v + 1 where id = 1");
            assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                fill("items");
                commitAndSync("update item set v = v + 1 where id = 2");
                assertThat(cached("items")).as("invalidated while the listener is blocked").isFalse();
            }
        } finally {
            release.countDown();
        }
        Poll.until(WAIT, "the commits made while blocked arrive, merged", () -> heard.size() == 2);
        assertThat(heard.get(1).tables()).containsExactly("public.item");
    }

    @Test
    void aRemovedListenerHearsNothingMore() throws Exception {
        List<DbTeleportInvalidation> removed = new CopyOnWriteArrayList<>();
        DbTeleportInvalidationListener listener = removed::add;
        db.addInvalidationListener(listener);
        List<Heard> heard = record();
        assertThat(db.removeInvalidationListener(listener)).isTrue();
        assertThat(db.removeInvalidationListener(listener)).as("only once").isFalse();
        commitAndSync("update item set v = v + 1 where id = 1");
        Poll.until(WAIT, "the remaining listener heard", () -> !heard.isEmpty());
        assertThat(removed).isEmpty();
    }

    @Test
    void aBrokenListenConnectionIsReportedAsEverything() throws Exception {
        fill("items");
        List<Heard> heard = record();
        assertThat(terminateListener()).as("the listening backend was found").isOne();
        Poll.until(WAIT, "the reconnect was reported", () -> heard.stream()
                .anyMatch(h -> h.event().everything() && "reconnected".equals(h.event().reason())));
        assertThat(heard.get(0).event().everything()).isTrue();
        assertThat(heard.get(0).itemStillCached()).isFalse();
        assertThat(heard.get(0).event().touches(List.of("public.nothing"))).isTrue();
    }

    @Test
    void aClosedCacheTakesNoListener() {
        db.close();
        assertThatThrownBy(() -> db.addInvalidationListener(e -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static int terminateListener() {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where application_name = '" + LISTENER_APP + "'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
