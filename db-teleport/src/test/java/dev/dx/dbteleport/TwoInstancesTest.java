package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.dbteleport.testing.LoopbackHbtp;
import dev.dx.dbteleport.testing.Poll;
import dev.dx.dbteleport.testing.PostgresExtension;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two DbTeleport instances on one PostgreSQL, each behind its own HBTP server on a loopback socket,
 * each with the real change feed. A commit made through either server, or by a plain JDBC client,
 * removes the entry from both; a read that asks for a barrier ({@code readFresh}) after a write
 * returned sees that write from either server; a plain read sees it after the notification arrived.
 * Answers are the stored zstd frames, decompressed by the client's codec and read through
 * {@link TeleportStructView}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TwoInstancesTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final int READ = 1;
    private static final int READ_FRESH = 2;
    private static final int WRITE = 3;
    private static final int PAD_CHARS = 2048;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ExecutorService writers;
    private static LoopbackHbtp net;
    private static DbTeleport dbA;
    private static DbTeleport dbB;
    private static LoopbackHbtp.Client clientA;
    private static LoopbackHbtp.Client clientB;

    @BeforeAll
    static void start() throws Exception {
        PG.execute("create table item(id int primary key, v int not null, pad text not null);"
                + "insert into item select i, 0, repeat('teleport', " + PAD_CHARS / 8 + ") from generate_series(1, 8) i");
        writers = Executors.newFixedThreadPool(2);
        net = new LoopbackHbtp();
        dbA = instance();
        dbB = instance();
        clientA = net.connect(net.serve(routes(dbA)));
        clientB = net.connect(net.serve(routes(dbB)));
    }

    private static DbTeleport instance() {
        DbTeleport db = DbTeleport.builder().jdbcUrl(PG.jdbcUrl(), "postgres", null).build();
        db.register("item", "select id, v, pad from item where id = ?", List.of("item"), "id");
        return db;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (net != null) {
            net.close();
        }
        for (DbTeleport db : new DbTeleport[] {dbA, dbB}) {
            if (db != null) {
                db.close();
            }
        }
        if (writers != null) {
            writers.shutdownNow();
        }
    }

    /** read(id), readFresh(id) and write(id, version), all answered off the event loop when they wait. */
    private static HbtpRouteTable routes(DbTeleport db) {
        return HbtpRouteTable.builder()
                .route(READ, ex -> answer(ex, db.get("item", ex.arguments().readIntLE())))
                .route(READ_FRESH, ex -> {
                    int id = ex.arguments().readIntLE();
                    answer(ex, db.sync().thenCompose(done -> db.get("item", id)));
                })
                .route(WRITE, ex -> {
                    int id = ex.arguments().readIntLE();
                    int version = ex.arguments().readIntLE();
                    CompletableFuture.runAsync(() -> update(id, version), writers)
                            .thenCompose(done -> db.sync())
                            .whenComplete((done, error) -> {
                                if (error != null) {
                                    ex.fail(HbtpErrorCode.HANDLER_FAILED, String.valueOf(error));
                                } else {
                                    ex.respond(Unpooled.EMPTY_BUFFER);
                                }
                            });
                })
                .build();
    }

    private static void answer(HbtpExchange ex, CompletableFuture<CachedResult> pending) {
        pending.whenComplete((result, error) -> {
            if (error != null) {
                ex.fail(HbtpErrorCode.HANDLER_FAILED, String.valueOf(error));
                return;
            }
            try (result) {
                result.respondTo(ex);
            }
        });
    }

    private static void update(int id, int version) {
        try (Connection c = PG.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("update item set v = ? where id = ?")) {
            s.setInt(1, version);
            s.setInt(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    private static ByteBuf args(int... ints) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(4 * ints.length);
        for (int i : ints) {
            b.writeIntLE(i);
        }
        return b;
    }

    /** Calls read or readFresh; the answer, decoded. */
    private static CompletableFuture<Integer> version(LoopbackHbtp.Client client, int route, int id) {
        return client.hbtp().call(route, args(id)).thenApply(TwoInstancesTest::decodeVersion);
    }

    private static int decodeVersion(ByteBuf body) {
        TeleportMessage m = TeleportMessage.wrap(body, dbA.layout("item").layout());
        try {
            TeleportStructView row = new TeleportStructView(dbA.layout("item").root()).wrap(m).element("rows", 0);
            assertThat(row.string("pad").length()).isEqualTo(PAD_CHARS);
            return (int) row.integer("v");
        } finally {
            m.release();
        }
    }

    private static int await(CompletableFuture<Integer> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void write(LoopbackHbtp.Client client, int id, int version) throws Exception {
        client.hbtp().call(WRITE, args(id, version)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).release();
    }

    private static boolean cached(DbTeleport db, int id) {
        try (CachedResult r = db.getCached("item", id)) {
            return r != null;
        }
    }

    @Test
    void aCommitThroughEitherServerRemovesTheEntryFromBoth() throws Exception {
        for (int id : new int[] {1, 2, 3}) {
            assertThat(await(version(clientA, READ, id))).isZero();
            assertThat(await(version(clientB, READ, id))).isZero();
        }
        try (CachedResult stored = dbA.getCached("item", 1)) {
            assertThat(stored.isCompressed()).as("a %d-char row is stored compressed", PAD_CHARS).isTrue();
            assertThat(stored.bodyLength()).isLessThan(stored.uncompressedLength());
        }
        write(clientA, 1, 1);
        assertThat(cached(dbA, 1)).as("A synced before answering").isFalse();
        Poll.until(WAIT, "B drops item 1 after a commit through A", () -> !cached(dbB, 1));
        write(clientB, 2, 1);
        assertThat(cached(dbB, 2)).as("B synced before answering").isFalse();
        Poll.until(WAIT, "A drops item 2 after a commit through B", () -> !cached(dbA, 2));
        dbA.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        dbB.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(cached(dbA, 3)).as("an untouched key stays on A").isTrue();
        assertThat(cached(dbB, 3)).as("an untouched key stays on B").isTrue();
        assertThat(await(version(clientB, READ, 1))).isEqualTo(1);
        assertThat(await(version(clientA, READ, 2))).isEqualTo(1);
    }

    @Test
    void aCommitByAPlainJdbcClientRemovesTheEntryFromBoth() throws Exception {
        assertThat(await(version(clientA, READ, 5))).isZero();
        assertThat(await(version(clientB, READ, 5))).isZero();
        assertThat(cached(dbA, 5) && cached(dbB, 5)).isTrue();
        PG.execute("update item set v = 7 where id = 5");
        Poll.until(WAIT, "A drops item 5 after a plain JDBC commit", () -> !cached(dbA, 5));
        Poll.until(WAIT, "B drops item 5 after a plain JDBC commit", () -> !cached(dbB, 5));
        assertThat(await(version(clientA, READ, 5))).isEqualTo(7);
        assertThat(await(version(clientB, READ, 5))).isEqualTo(7);
    }

    @Test
    void aFreshReadAfterAWriteReturnedNeverSeesAnOlderVersionOnEitherServer() throws Exception {
        int id = 6;
        int answersA = clientA.compressedAnswers().get();
        int answersB = clientB.compressedAnswers().get();
        int reads = 0;
        for (int v = 1; v <= 30; v++) {
            if (v > 1) {
                assertThat(cached(dbA, id) && cached(dbB, id)).as("both caches hold version %d", v - 1).isTrue();
            }
            write(v % 2 == 0 ? clientA : clientB, id, v);
            CompletableFuture<Integer> fromA = version(clientA, READ_FRESH, id);
            CompletableFuture<Integer> fromB = version(clientB, READ_FRESH, id);
            assertThat(await(fromA)).as("readFresh through A after write %d returned", v).isGreaterThanOrEqualTo(v);
            assertThat(await(fromB)).as("readFresh through B after write %d returned", v).isGreaterThanOrEqualTo(v);
            reads++;
        }
        assertThat(clientA.compressedAnswers().get() - answersA).as("every answer came COMPRESSED").isEqualTo(reads);
        assertThat(clientB.compressedAnswers().get() - answersB).as("every answer came COMPRESSED").isEqualTo(reads);
    }

    @Test
    void aPlainReadThroughTheOtherServerShowsTheWriteWithinABoundedWait() throws Exception {
        int id = 7;
        for (int v = 1; v <= 5; v++) {
            LoopbackHbtp.Client writer = v % 2 == 0 ? clientA : clientB;
            LoopbackHbtp.Client other = writer == clientA ? clientB : clientA;
            assertThat(await(version(other, READ, id))).isEqualTo(v - 1);
            write(writer, id, v);
            int target = v;
            AtomicInteger seen = new AtomicInteger(-1);
            Poll.until(WAIT, "a plain read through the other server shows version " + v, () -> {
                try {
                    seen.set(await(version(other, READ, id)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return seen.get() >= target;
            });
            assertThat(seen.get()).isEqualTo(v);
        }
    }
}
