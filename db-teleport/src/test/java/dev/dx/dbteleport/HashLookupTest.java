package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpCompressedBody;
import dev.dx.dbteleport.internal.CacheEntry;
import dev.dx.dbteleport.internal.ColumnKind;
import dev.dx.dbteleport.internal.Generations;
import dev.dx.dbteleport.internal.ParamKind;
import dev.dx.dbteleport.internal.QueryKey;
import dev.dx.dbteleport.internal.RegisteredQuery;
import dev.dx.dbteleport.internal.ResultCache;
import dev.dx.dbteleport.internal.StatsRecorder;
import dev.dx.teleport.TeleportQueryResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lookup among 100,000 entries does not scan: the key's parameters count the calls to their
 * {@code equals} and {@code hashCode}. A hash lookup compares the probe with the stored keys of its
 * own hash only (one here, as every key's hash differs); a scan would compare it with every stored
 * key ({@link QueryKey#equals} deliberately does not compare hashes first, so a scan shows up).
 * Invalidating one key likewise touches only that key's entry.
 */
@Timeout(60)
class HashLookupTest {

    private static final int ENTRIES = 100_000;

    /** A parameter value that counts how often it is compared and hashed. */
    private static final class Counted {
        static final AtomicInteger EQUALS = new AtomicInteger();
        static final AtomicInteger HASHES = new AtomicInteger();
        final int id;

        Counted(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            EQUALS.incrementAndGet();
            return o instanceof Counted && ((Counted) o).id == id;
        }

        @Override
        public int hashCode() {
            HASHES.incrementAndGet();
            return Integer.hashCode(id);
        }

        @Override
        public String toString() {
            return Integer.toString(id);
        }
    }

    @Test
    void lookupAmongManyEntriesComparesOneKey() {
        Generations generations = new Generations();
        StatsRecorder stats = new StatsRecorder();
        ResultCache cache = new ResultCache(1L << 30, ENTRIES * 2L, generations, stats);
        RegisteredQuery query = new RegisteredQuery("q", "select 1",
                TeleportQueryResult.layout("q", List.of(TeleportQueryResult.Column.notNull("one", "int4"))),
                new ColumnKind[] {ColumnKind.I32}, new ParamKind[] {ParamKind.TEXT}, List.of("public.t"),
                new AtomicLong[] {generations.counter("public.t")}, "k");
        // heap buffers are not leak-tracked: 100,000 trackers would only slow this test down
        ByteBuf body = Unpooled.buffer(8).writeLong(42);
        try {
            for (int i = 0; i < ENTRIES; i++) {
                CacheEntry entry = new CacheEntry(new QueryKey(query, new Object[] {new Counted(i)}),
                        HbtpCompressedBody.uncompressed(body.retainedDuplicate()), 1);
                assertThat(cache.offer(entry, generations.snapshot(query))).isTrue();
            }
            cache.cleanUp();
            assertThat(cache.size()).isEqualTo(ENTRIES);

            QueryKey probe = new QueryKey(query, new Object[] {new Counted(77_777)});
            Counted.EQUALS.set(0);
            Counted.HASHES.set(0);
            CacheEntry found = cache.lookup(probe);
            assertThat(found).isNotNull();
            assertThat(found.key().param(0).toString()).isEqualTo("77777");
            assertThat(Counted.EQUALS.get()).as("parameter comparisons for one lookup").isEqualTo(1);
            assertThat(Counted.HASHES.get()).as("the key's hash is computed once, in its constructor").isZero();

            QueryKey absent = new QueryKey(query, new Object[] {new Counted(ENTRIES + 5)});
            Counted.EQUALS.set(0);
            assertThat(cache.lookup(absent)).isNull();
            assertThat(Counted.EQUALS.get()).isZero();
        } finally {
            cache.clear();
        }
        assertThat(body.refCnt()).as("every entry released its duplicate").isEqualTo(1);
        body.release();
    }
}
