package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.internal.notify.RecordingSink.Event;
import dev.dx.dbteleport.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the triggers notify and what reaches the sink, on a real PostgreSQL. "Nothing arrived" is
 * checked with {@code sync()}: once it completes, every notification of an earlier commit has reached
 * the sink, so an empty sink means none was sent.
 */
@Timeout(120)
class PgChangeFeedTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingSink sink = new RecordingSink();
    private PgChangeFeed feed;

    @BeforeAll
    static void tables() throws SQLException {
        PG.execute("CREATE TABLE item (id int PRIMARY KEY, name text);"
                + "CREATE TABLE unwatched (id int);"
                + "CREATE TABLE keyless (x int);"
                + "CREATE TABLE texts (k text);"
                + "CREATE SCHEMA shop; CREATE TABLE shop.orders (order_id bigint, total numeric);"
                + "CREATE VIEW item_view AS SELECT * FROM item;");
        PgChangeFeed installer = newFeed(new RecordingSink());
        try (Connection c = PG.dataSource().getConnection()) {
            installer.watch(c, "item", "id");
            installer.watch(c, "keyless", null);
            installer.watch(c, "public.texts", "k");
            installer.watch(c, "shop.orders", "order_id");
        } finally {
            installer.close();
        }
    }

    static PgChangeFeed newFeed(RecordingSink sink) {
        return new PgChangeFeed(new ChangeFeedConfig().channel("dx_test")
                .listenConnections(() -> PG.dataSource().getConnection())
                .pollInterval(Duration.ofMillis(50)).healthCheckInterval(Duration.ofHours(1)), sink);
    }

    @BeforeEach
    void start() throws SQLException {
        feed = newFeed(sink);
        feed.start();
        assertThat(feed.isListening()).isTrue();
    }

    @AfterEach
    void close() {
        feed.close();
    }

    private void sync() throws Exception {
        feed.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void assertNothingMore() throws Exception {
        sync();
        assertThat(sink.drain()).isEmpty();
    }

    private Event next() throws InterruptedException {
        return sink.next(WAIT);
    }

    @Test
    void aMultiRowInsertIsOneNotificationWithEveryKey() throws Exception {
        PG.execute("INSERT INTO item VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Event e = next();
        assertThat(e.kind()).isEqualTo("keys");
        assertThat(e.table()).isEqualTo("public.item");
        assertThat(e.keys()).containsExactly("1", "2", "3");
        assertThat(e.thread()).isEqualTo(PgChangeFeed.LISTEN_THREAD_NAME);
        assertNothingMore();
    }

    @Test
    void anUpdateOfTheKeyNamesOldAndNewKeys() throws Exception {
        PG.execute("INSERT INTO item VALUES (10, 'a'), (20, 'b')");
        next();
        PG.execute("UPDATE item SET id = id + 1");
        assertThat(next().keys()).containsExactlyInAnyOrder("10", "11", "20", "21");
        PG.execute("UPDATE item SET name = 'z' WHERE id = 11");
        assertThat(next().keys()).containsExactly("11");
        assertNothingMore();
    }

    @Test
    void aDeleteNamesTheDeletedKeys() throws Exception {
        PG.execute("INSERT INTO item VALUES (30, 'a'), (31, 'b'), (32, 'c')");
        next();
        PG.execute("DELETE FROM item WHERE id IN (30, 32)");
        assertThat(next().sameChange(Event.keys("public.item", "30", "32"))).isTrue();
        assertNothingMore();
    }

    @Test
    void aStatementThatChangesNoRowNotifiesNothing() throws Exception {
        PG.execute("UPDATE item SET name = 'x' WHERE id = -1; DELETE FROM item WHERE false");
        assertNothingMore();
    }

    @Test
    void anUnwatchedTableNotifiesNothing() throws Exception {
        PG.execute("INSERT INTO unwatched VALUES (1)");
        assertNothingMore();
    }

    @Test
    void aRolledBackTransactionNotifiesNothing() throws Exception {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO item VALUES (40, 'a')");
            c.rollback();
        }
        assertNothingMore();
    }

    @Test
    void truncateIsTableWide() throws Exception {
        PG.execute("TRUNCATE item");
        assertThat(next().sameChange(Event.table("public.item"))).isTrue();
        assertNothingMore();
    }

    @Test
    void aTableWithoutAKeyIsTableWideOnEveryChange() throws Exception {
        PG.execute("INSERT INTO keyless VALUES (1), (2)");
        assertThat(next().sameChange(Event.table("public.keyless"))).isTrue();
        PG.execute("UPDATE keyless SET x = 3");
        assertThat(next().sameChange(Event.table("public.keyless"))).isTrue();
        PG.execute("DELETE FROM keyless");
        assertThat(next().sameChange(Event.table("public.keyless"))).isTrue();
        assertNothingMore();
    }

    @Test
    void tooManyKeysBecomeTableWide() throws Exception {
        PG.execute("INSERT INTO item SELECT g, 'n' FROM generate_series(1000, 4000) g");
        assertThat(next().sameChange(Event.table("public.item"))).isTrue();
        PG.execute("DELETE FROM item WHERE id >= 1000");
        assertThat(next().sameChange(Event.table("public.item"))).isTrue();
        assertNothingMore();
    }

    @Test
    void aPayloadOverTheByteLimitBecomesTableWideButOneJustUnderItDoesNot() throws Exception {
        // 75 keys of 100 chars: 75 * 104 + 28 = 7,828 bytes > 7,800
        PG.execute("INSERT INTO texts SELECT lpad(g::text, 100, 'x') FROM generate_series(1, 75) g");
        assertThat(next().sameChange(Event.table("public.texts"))).isTrue();
        // 74 keys: 74 * 104 + 28 = 7,724 bytes
        PG.execute("DELETE FROM texts WHERE k <> lpad('75', 100, 'x')");
        Event under = next();
        assertThat(under.kind()).isEqualTo("keys");
        assertThat(under.keys()).hasSize(74);
        PG.execute("TRUNCATE texts");
        next();
        assertNothingMore();
    }

    @Test
    void valuesWithSeparatorsQuotesAndUnicodeRoundTrip() throws Exception {
        List<String> keys = List.of("a;:b", "it's", "\"quoted\"", "é😀中", "1:2", "", "dx1;1;T;3:s.t", "back\\slash",
                "line\nbreak", " ");
        try (Connection c = PG.dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO texts SELECT unnest(?::text[])")) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            s.execute();
        }
        assertThat(next().keys()).containsExactlyInAnyOrderElementsOf(keys);
        PG.execute("TRUNCATE texts");
        next();
        assertNothingMore();
    }

    @Test
    void nullKeysAreNotListed() throws Exception {
        PG.execute("INSERT INTO texts VALUES (NULL), (NULL)");
        Event e = next();
        assertThat(e.kind()).isEqualTo("keys");
        assertThat(e.keys()).isEmpty();
        PG.execute("INSERT INTO texts VALUES (NULL), ('k')");
        assertThat(next().keys()).containsExactly("k");
        PG.execute("TRUNCATE texts");
        next();
        assertNothingMore();
    }

    @Test
    void tablesAreSchemaQualified() throws Exception {
        PG.execute("INSERT INTO shop.orders VALUES (9000000000, 1.5)");
        assertThat(next().sameChange(Event.keys("shop.orders", "9000000000"))).isTrue();
        assertNothingMore();
    }

    @Test
    void twoStatementsInOneTransactionArriveInOrderAtCommit() throws Exception {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO item VALUES (50, 'a')");
            s.execute("UPDATE item SET name = 'b' WHERE id = 50");
            s.execute("INSERT INTO keyless VALUES (1)");
            sync();
            assertThat(sink.drain()).as("nothing before the commit").isEmpty();
            c.commit();
        }
        assertThat(next().keys()).containsExactly("50");
        // the UPDATE's payload equals the INSERT's but for the timestamp, so PostgreSQL keeps both
        assertThat(next().keys()).containsExactly("50");
        assertThat(next().sameChange(Event.table("public.keyless"))).isTrue();
        assertNothingMore();
    }

    @Test
    void watchIsIdempotent() throws Exception {
        try (Connection c = PG.dataSource().getConnection()) {
            feed.watch(c, "item", "id");
            feed.watch(c, "ITEM", "id");
            assertThat(c.getAutoCommit()).isTrue();
            c.setAutoCommit(false);
            feed.watch(c, "public.item", "id");
            assertThat(c.getAutoCommit()).isFalse();
            c.setAutoCommit(true);
        }
        assertThat(triggerCount("item")).isEqualTo(4);
        PG.execute("INSERT INTO item VALUES (60, 'a')");
        assertThat(next().keys()).containsExactly("60");
        assertNothingMore();
    }

    @Test
    void twoFeedsWatchingAtOnceInstallOneSetOfTriggers() throws Exception {
        PG.execute("CREATE TABLE raced (id int)");
        int installers = 4;
        CyclicBarrier together = new CyclicBarrier(installers);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        // a thread per installer: the barrier needs all of them running at once, which the common
        // pool (parallelism 1 on two cores, on JDK 25 used even then) does not give
        ExecutorService threads = Executors.newFixedThreadPool(installers);
        for (int i = 0; i < installers; i++) {
            PgChangeFeed other = newFeed(new RecordingSink());
            done.add(CompletableFuture.runAsync(() -> {
                try (Connection c = PG.dataSource().getConnection(); other) {
                    together.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    other.watch(c, "raced", "id");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(triggerCount("raced")).isEqualTo(4);
        PG.execute("INSERT INTO raced VALUES (7)");
        assertThat(next().sameChange(Event.keys("public.raced", "7"))).isTrue();
        assertNothingMore();
    }

    @Test
    void aSecondKeyColumnAddsItsOwnTriggers() throws Exception {
        PG.execute("CREATE TABLE two_keys (a int, b int)");
        try (Connection c = PG.dataSource().getConnection()) {
            feed.watch(c, "two_keys", "a");
            feed.watch(c, "two_keys", "b");
        }
        assertThat(triggerCount("two_keys")).isEqualTo(8);
        PG.execute("INSERT INTO two_keys VALUES (1, 2)");
        List<List<String>> keys = List.of(next().keys(), next().keys());
        assertThat(keys).containsExactlyInAnyOrder(List.of("1"), List.of("2"));
        assertNothingMore();
    }

    @Test
    void unknownTablesAndColumnsAreNamed() throws SQLException {
        try (Connection c = PG.dataSource().getConnection()) {
            assertThatThrownBy(() -> feed.watch(c, "no_such_table", "id"))
                    .isInstanceOf(SQLException.class).hasMessage("unknown table: no_such_table");
            assertThatThrownBy(() -> feed.watch(c, "nope.item", null))
                    .isInstanceOf(SQLException.class).hasMessage("unknown table: nope.item");
            assertThatThrownBy(() -> feed.watch(c, " ", null))
                    .isInstanceOf(SQLException.class).hasMessage("unknown table: empty name");
            assertThatThrownBy(() -> feed.watch(c, "item", "no_such_column"))
                    .isInstanceOf(SQLException.class).hasMessage("unknown column: no_such_column in table public.item");
            assertThatThrownBy(() -> feed.watch(c, "item_view", "id"))
                    .isInstanceOf(SQLException.class).hasMessageStartingWith("not a table: item_view (relkind v");
            assertThat(c.getAutoCommit()).isTrue();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                assertThat(r.next()).as("the connection is usable after a failed watch").isTrue();
            }
        }
    }

    @Test
    void hostilePayloadsAreIgnoredOrTableWide() throws Exception {
        PG.execute("NOTIFY dx_test, 'garbage'");
        PG.execute("NOTIFY dx_test, 'dx1;1;K;3:s.t1:'");
        PG.execute("NOTIFY dx_test, 'dx1;1;K;8:s.forged1:1'");
        PG.execute("NOTIFY dx_test");
        assertThat(next().sameChange(Event.table("s.t"))).as("a broken payload that names a table").isTrue();
        assertThat(next().sameChange(Event.keys("s.forged", "1"))).as("a well-formed forgery is a change").isTrue();
        assertNothingMore();
    }

    @Test
    void aFailingSinkIsToldEverythingChangedAndTheFeedGoesOn() throws Exception {
        sink.failNext(new IllegalStateException("sink bug"));
        PG.execute("INSERT INTO item VALUES (70, 'a')");
        assertThat(next().keys()).containsExactly("70");
        Event everything = next();
        assertThat(everything.kind()).isEqualTo("everything");
        assertThat(everything.reason()).contains("sink bug");
        PG.execute("INSERT INTO item VALUES (71, 'a')");
        assertThat(next().keys()).containsExactly("71");
        assertNothingMore();
    }

    @Test
    void lagIsNanosecondsFromTheTriggersClock() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        long nowMicros = 1_700_000_000_123_456L;
        assertThat(PgChangeFeed.lagNanos(nowMicros - 1_500, now)).isEqualTo(1_500_000);
        assertThat(PgChangeFeed.lagNanos(nowMicros + 2, now)).isEqualTo(-2_000);
        assertThat(PgChangeFeed.lagNanos(Long.MAX_VALUE, now)).isEqualTo(Long.MIN_VALUE);
        assertThat(PgChangeFeed.lagNanos(-Long.MAX_VALUE, now)).isEqualTo(Long.MAX_VALUE);
    }

    private static int triggerCount(String table) throws SQLException {
        try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public." + table
                        + "'::regclass AND tgname LIKE 'dx_dbteleport_%'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
