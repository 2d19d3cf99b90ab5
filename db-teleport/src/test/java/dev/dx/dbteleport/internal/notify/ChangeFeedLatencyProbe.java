package dev.dx.dbteleport.internal.notify;

import dev.dx.dbteleport.internal.InvalidationSink;
import dev.dx.dbteleport.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A probe, not a test: prints (asserts nothing) how long a committed INSERT takes to reach the sink,
 * p50 and p99 over 1,000 commits on the embedded PostgreSQL. Off by default; run it with
 * {@code mvn -o -pl db-teleport verify -Djacoco.skip=true -Ddx.probe=true -Dtest=ChangeFeedLatencyProbe}.
 * Two spans: from just before the INSERT is sent (commit included) and from when the autocommit
 * INSERT has returned (the commit is durable) to the sink call.
 */
@Tag("probe")
@EnabledIfSystemProperty(named = "dx.probe", matches = "true")
@Timeout(300)
class ChangeFeedLatencyProbe {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final int WARMUP = 200;
    private static final int COMMITS = 1_000;

    @Test
    void commitToSink() throws Exception {
        PG.execute("CREATE TABLE probe (id int)");
        LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        InvalidationSink sink = new InvalidationSink() {
            @Override
            public void keysChanged(String table, List<String> keys, long lagNanos) {
                arrivals.add(System.nanoTime());
            }

            @Override
            public void tableChanged(String table, long lagNanos) {
                arrivals.add(System.nanoTime());
            }

            @Override
            public void everythingChanged(String reason) {
                throw new IllegalStateException("unexpected during the probe: " + reason);
            }
        };
        try (PgChangeFeed feed = new PgChangeFeed(new ChangeFeedConfig().channel("dx_probe")
                .listenConnections(() -> PG.dataSource().getConnection()), sink);
                Connection writer = PG.dataSource().getConnection();
                PreparedStatement insert = writer.prepareStatement("INSERT INTO probe VALUES (?)")) {
            feed.watch(writer, "probe", "id");
            feed.start();
            long[] withCommit = new long[COMMITS];
            long[] afterCommit = new long[COMMITS];
            for (int i = -WARMUP; i < COMMITS; i++) {
                long start = System.nanoTime();
                insert.setInt(1, i);
                insert.executeUpdate();
                long committed = System.nanoTime();
                Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
                if (arrived == null) {
                    throw new IllegalStateException("commit " + i + " never reached the sink");
                }
                if (i >= 0) {
                    withCommit[i] = arrived - start;
                    afterCommit[i] = arrived - committed;
                }
            }
            print("INSERT sent -> sink", withCommit);
            print("commit returned -> sink", afterCommit);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("dx-dbteleport latency probe, %s over %d commits: p50 %s, p99 %s, max %s%n", what,
                sorted.length, micros(sorted[sorted.length / 2]), micros(sorted[sorted.length * 99 / 100]),
                micros(sorted[sorted.length - 1]));
    }

    private static String micros(long nanos) {
        return Duration.ofNanos(nanos).toNanos() / 1_000 + " us";
    }
}
