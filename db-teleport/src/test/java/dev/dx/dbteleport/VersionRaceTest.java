package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readers fill and hit while a writer commits new versions of one row and, after each commit,
 * applies the change's notification to the cache (as the change feed would, through the sink).
 * Once a version's notification has been applied, no reader that asks after that may get an older
 * version: not from a hit, not from a run that began before the commit, not from a run it joined.
 */
@Timeout(120)
class VersionRaceTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final int VERSIONS = 40;
    private static final int READERS = 4;

    @Test
    void noReaderSeesAVersionOlderThanTheLastAppliedInvalidation() throws Exception {
        PG.execute("create table versioned(id int primary key, v int not null); insert into versioned values (1, 0)");
        FakeChangeFeed feed = new FakeChangeFeed();
        try (DbTeleport cache = DbTeleport.builder().dataSource(PG.dataSource()).changeFeedFactory(feed.factory())
                .jdbcThreads(4, 1024).build()) {
            cache.register("ver", "select v from versioned where id = ?", List.of("versioned"), "id");
            AtomicInteger applied = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            List<String> stale = new CopyOnWriteArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            ExecutorService readers = Executors.newFixedThreadPool(READERS);
            List<Future<?>> running = new ArrayList<>();
            try {
                for (int r = 0; r < READERS; r++) {
                    running.add(readers.submit(() -> {
                        TeleportStructView view = new TeleportStructView(cache.layout("ver").root());
                        while (!done.get()) {
                            int floor = applied.get();
                            int seen;
                            try (CachedResult result = cache.get("ver", 1).get()) {
                                TeleportMessage m = TeleportMessage.wrap(result.plainBody(PooledByteBufAllocator.DEFAULT),
                                        result.layout());
                                try {
                                    seen = (int) view.wrap(m).element("rows", 0).integer("v");
                                } finally {
                                    m.release();
                                }
                            }
                            reads.incrementAndGet();
                            if (seen < floor) {
                                stale.add("saw " + seen + " after version " + floor + " was invalidated");
                            }
                        }
                        return null;
                    }));
                }
                for (int version = 1; version <= VERSIONS; version++) {
                    PG.execute("update versioned set v = " + version + " where id = 1");
                    feed.sink().keysChanged("public.versioned", List.of("1"), 0);
                    applied.set(version);
                    int target = reads.get() + READERS;
                    while (reads.get() < target && stale.isEmpty()) {
                        Thread.onSpinWait();
                    }
                }
            } finally {
                done.set(true);
                for (Future<?> f : running) {
                    f.get();
                }
                readers.shutdownNow();
            }
            assertThat(stale).isEmpty();
            assertThat(cache.stats().invalidations()).isPositive();
            assertThat(cache.stats().hits()).isPositive();
        }
    }
}
