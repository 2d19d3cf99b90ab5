package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.dbteleport.testing.Poll;
import dev.dx.dbteleport.testing.PostgresExtension;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.PooledByteBufAllocator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import javax.sql.DataSource;

/**
 * The real change feed loses its listening connection (the backend is terminated, or PostgreSQL
 * restarts) while readers read a row in a loop and a writer commits new versions of it, each
 * followed by {@link DbTeleport#sync()} (retried while the feed reconnects). The cache drops every
 * entry, releases their bodies, reconnects, and commits invalidate again afterwards; at no point does
 * a read that began after a committed and synced write see an older version.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerFaultsTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final String LISTENER_APP = "dx-it-listener";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int READERS = 2;
    private static final int ROW = 1;
    private static final int[] IDLE_ROWS = {2, 3, 4, 5};

    /** Captured once: the server keeps its port across a restart, and PG has no server while it restarts. */
    private static DataSource dataSource;
    private static String listenUrl;

    private DbTeleport db;

    @BeforeAll
    static void schema() {
        PG.execute("create table item(id int primary key, v int not null);"
                + "insert into item select i, 0 from generate_series(1, 5) i");
        dataSource = PG.dataSource();
        listenUrl = PG.jdbcUrl() + "&ApplicationName=" + LISTENER_APP;
    }

    @BeforeEach
    void open() {
        db = DbTeleport.builder().dataSource(dataSource)
                .listenConnections(() -> DriverManager.getConnection(listenUrl))
                .build();
        db.register("item", "select v from item where id = ?", List.of("item"), "id");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aTerminatedListenerDropsEverythingAndNoStaleHitIsServed() throws Exception {
        survives(() -> assertThat(terminateListener()).as("the listening backend was found").isOne());
    }

    @Test
    void aDatabaseRestartDropsEverythingAndNoStaleHitIsServed() throws Exception {
        survives(PG::restart);
    }

    private static int terminateListener() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where application_name = '" + LISTENER_APP + "'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void survives(Runnable fault) throws Exception {
        for (int id : IDLE_ROWS) {
            db.get("item", id).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        }
        CachedResult held = db.get("item", IDLE_ROWS[0]).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(held.refCnt()).isEqualTo(2);
        long invalidationsBefore = db.stats().invalidations();

        AtomicInteger synced = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> stale = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(READERS + 1);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int r = 0; r < READERS; r++) {
                running.add(threads.submit(() -> read(synced, stop, reads, stale)));
            }
            running.add(threads.submit(() -> write(synced, stop)));
            Poll.until(WAIT, "five synced writes before the fault", () -> synced.get() >= 5);

            fault.run();

            for (int id : IDLE_ROWS) {
                Poll.until(WAIT, "entry " + id + " dropped after the fault", () -> !cached(id));
            }
            assertThat(db.stats().invalidations() - invalidationsBefore).isGreaterThanOrEqualTo(IDLE_ROWS.length);
            assertThat(held.refCnt()).as("only the reader's reference is left").isOne();
            held.close();
            assertThat(held.refCnt()).isZero();

            int atFault = synced.get();
            Poll.until(WAIT, "five synced writes after the fault", () -> synced.get() >= atFault + 5);
            int readsSoFar = reads.get();
            Poll.until(WAIT, "reads after the feed came back", () -> reads.get() > readsSoFar + READERS);
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            threads.shutdownNow();
            held.close();
        }
        assertThat(stale).isEmpty();

        // invalidation works again, without a barrier: the notification alone removes the entry
        db.get("item", 2).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        db.get("item", 3).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        PG.execute("update item set v = v + 1 where id = 2");
        Poll.until(WAIT, "a commit after the reconnection removes its key", () -> !cached(2));
        db.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(cached(3)).as("another key stays").isTrue();
    }

    private boolean cached(int id) {
        try (CachedResult r = db.getCached("item", id)) {
            return r != null;
        }
    }

    /** Reads the row until stopped; a read that began after version n was synced must see n or later. */
    private Void read(AtomicInteger synced, AtomicBoolean stop, AtomicInteger reads, List<String> stale)
            throws InterruptedException {
        TeleportStructView view = new TeleportStructView(db.layout("item").root());
        while (!stop.get()) {
            int floor = synced.get();
            int seen;
            try (CachedResult result = db.get("item", ROW).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                TeleportMessage m = TeleportMessage.wrap(result.plainBody(PooledByteBufAllocator.DEFAULT), result.layout());
                try {
                    seen = (int) view.wrap(m).element("rows", 0).integer("v");
                } finally {
                    m.release();
                }
            } catch (ExecutionException | TimeoutException e) {
                Thread.sleep(1); // the database is restarting: the fill failed
                continue;
            }
            reads.incrementAndGet();
            if (seen < floor) {
                stale.add("read version " + seen + " after version " + floor + " was committed and synced");
            }
        }
        return null;
    }

    /** Commits versions 1, 2, ... of the row; after each, waits for the barrier (retrying while the feed is down). */
    private Void write(AtomicInteger synced, AtomicBoolean stop) throws InterruptedException {
        for (int v = 1; !stop.get(); v++) {
            while (!stop.get() && !tryUpdate(v)) {
                Thread.sleep(5);
            }
            while (!stop.get() && !trySync()) {
                Thread.sleep(5);
            }
            if (!stop.get()) {
                synced.set(v);
            }
        }
        return null;
    }

    private static boolean tryUpdate(int version) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update item set v = ? where id = ?")) {
            s.setInt(1, version);
            s.setInt(2, ROW);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean trySync() throws InterruptedException {
        try {
            db.sync().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
