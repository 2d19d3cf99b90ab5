package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.HbtpCompressedBody;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.dbteleport.testing.CountingDataSource;
import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fill, hit, compression, the two ways out (HBTP, HTTP), the size limits and what they release. */
@Timeout(60)
class CacheBehaviourTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @BeforeAll
    static void setUp() {
        PG.execute("create table notes(id int primary key, body text not null);"
                + "insert into notes select g, repeat('note ' || g, 40) from generate_series(1, 200) g");
    }

    private static DbTeleport cache(long maxBytes, long maxEntries) {
        DbTeleport cache = DbTeleport.builder().dataSource(PG.dataSource()).maxBytes(maxBytes).maxEntries(maxEntries)
                .changeFeedFactory(new FakeChangeFeed().factory()).build();
        cache.register("note", "select id, body from notes where id = ?", List.of("notes"), "id");
        cache.register("short", "select id from notes where id = ?", List.of("notes"), "id");
        cache.register("all", "select id, body from notes order by id", List.of("notes"));
        return cache;
    }

    @Test
    void fillsOnceThenHits() throws Exception {
        try (DbTeleport cache = cache(1 << 20, 100)) {
            assertThat(cache.getCached("short", 1)).isNull();
            try (CachedResult first = cache.get("short", 1).get()) {
                assertThat(first.rowCount()).isEqualTo(1);
                assertThat(first.isCompressed()).isFalse();
                assertThat(first.bodyLength()).isEqualTo(first.uncompressedLength());
            }
            try (CachedResult second = cache.get("short", 1).get(); CachedResult third = cache.getCached("short", 1)) {
                ByteBuf a = second.body();
                ByteBuf b = third.body();
                assertThat(ByteBufUtil.equals(a, b)).isTrue();
                assertThat(third.refCnt()).as("the cache, two readers and their two duplicates").isEqualTo(5);
                a.release();
                b.release();
                assertThat(third.refCnt()).isEqualTo(3);
            }
            DbTeleportStats stats = cache.stats();
            assertThat(stats.fills()).isEqualTo(1);
            assertThat(stats.hits()).isEqualTo(2);
            assertThat(stats.misses()).isEqualTo(2);
            assertThat(stats.entries()).isEqualTo(1);
            assertThat(stats.maxFillNanos()).isPositive();
            assertThat(stats.meanFillNanos()).isPositive();
        }
    }

    @Test
    void largeBodiesAreStoredCompressedAndServedBothWays() throws Exception {
        try (DbTeleport cache = cache(16 << 20, 100); CachedResult all = cache.get("all").get()) {
            assertThat(all.rowCount()).isEqualTo(200);
            assertThat(all.isCompressed()).isTrue();
            assertThat(all.bodyLength()).isLessThan(all.uncompressedLength() / 2);
            ByteBuf plain = all.plainBody(PooledByteBufAllocator.DEFAULT);
            assertThat(plain.readableBytes()).isEqualTo(all.uncompressedLength());
            TeleportMessage message = TeleportMessage.wrap(plain, all.layout());
            try {
                TeleportStructView view = new TeleportStructView(cache.layout("all").root()).wrap(message);
                assertThat(view.count("rows")).isEqualTo(200);
                assertThat(view.element("rows", 199).string("body")).startsWith("note 200note 200");
            } finally {
                message.release();
            }

            FullHttpResponse zstd = DbTeleportHttp.response(all, request("gzip, zstd;q=0.5"), PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(zstd.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("zstd");
                assertThat(zstd.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/x-teleport");
                assertThat(zstd.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(all.bodyLength());
            } finally {
                zstd.release();
            }
            FullHttpResponse plainHttp = DbTeleportHttp.response(all, request("gzip, zstd;q=0"), PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(plainHttp.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
                assertThat(plainHttp.content().readableBytes()).isEqualTo(all.uncompressedLength());
            } finally {
                plainHttp.release();
            }

            AtomicReference<ByteBuf> answered = new AtomicReference<>();
            all.respondTo(exchange(answered));
            try {
                assertThat(answered.get().readableBytes()).as("the stored zstd frame, as is").isEqualTo(all.bodyLength());
                assertThat(answered.get().getIntLE(0)).as("zstd magic").isEqualTo(0xFD2FB528);
            } finally {
                answered.get().release();
            }
        }
    }

    @Test
    void smallBodiesGoOutPlainOverHttpAndHbtp() throws Exception {
        try (DbTeleport cache = cache(1 << 20, 100); CachedResult one = cache.get("short", 2).get()) {
            FullHttpResponse response = DbTeleportHttp.response(one, request("zstd"), PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(response.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
                assertThat(response.content().readableBytes()).isEqualTo(one.uncompressedLength());
            } finally {
                response.release();
            }
            AtomicReference<ByteBuf> answered = new AtomicReference<>();
            one.respondTo(exchange(answered));
            assertThat(answered.get().readableBytes()).isEqualTo(one.bodyLength());
            answered.get().release();
        }
    }

    @Test
    void acceptEncodingRules() {
        assertThat(DbTeleportHttp.acceptsZstd(null)).isFalse();
        assertThat(DbTeleportHttp.acceptsZstd("gzip, br")).isFalse();
        assertThat(DbTeleportHttp.acceptsZstd("ZSTD")).isTrue();
        assertThat(DbTeleportHttp.acceptsZstd("*")).isTrue();
        assertThat(DbTeleportHttp.acceptsZstd("*;q=0")).isFalse();
        assertThat(DbTeleportHttp.acceptsZstd("*, zstd;q=0")).isFalse();
        assertThat(DbTeleportHttp.acceptsZstd("zstd;q=0.001")).isTrue();
        assertThat(DbTeleportHttp.acceptsZstd("zstd;q=bogus")).isFalse();
    }

    @Test
    void aResultLargerThanTheCacheIsServedNotCached() throws Exception {
        try (DbTeleport cache = cache(200, 100); CachedResult note = cache.get("note", 3).get()) {
            assertThat(note.bodyLength()).isGreaterThan(200);
            assertThat(note.rowCount()).isEqualTo(1);
            assertThat(note.refCnt()).as("only the reader holds it").isEqualTo(1);
            assertThat(cache.getCached("note", 3)).isNull();
            assertThat(cache.stats().tooLarge()).isEqualTo(1);
            assertThat(cache.stats().entries()).isZero();
        }
    }

    @Test
    void evictionsReleaseTheCachesReferenceAndTheIndexFollows() throws Exception {
        try (DbTeleport cache = cache(1 << 20, 3)) {
            List<CachedResult> readers = new ArrayList<>();
            try {
                for (int id = 1; id <= 8; id++) {
                    readers.add(cache.get("short", id).get());
                }
                cache.cache().cleanUp();
                DbTeleportStats stats = cache.stats();
                assertThat(stats.entries()).isLessThanOrEqualTo(3);
                assertThat(stats.evictions()).isEqualTo(8 - stats.entries());
                long stillCached = readers.stream().filter(r -> r.refCnt() == 2).count();
                long evicted = readers.stream().filter(r -> r.refCnt() == 1).count();
                assertThat(stillCached).isEqualTo(stats.entries());
                assertThat(evicted).isEqualTo(stats.evictions());
                // one table, keyed: a link under the table and one under (table, key) per entry
                assertThat(cache.cache().indexLinks()).isEqualTo(2 * stats.entries());
            } finally {
                readers.forEach(CachedResult::close);
            }
        }
    }

    @Test
    void theByteLimitEvictsToo() throws Exception {
        try (DbTeleport cache = cache(2_000, 1_000)) {
            for (int id = 1; id <= 10; id++) {
                cache.get("note", id).get().close();
            }
            cache.cache().cleanUp();
            assertThat(cache.stats().bytes()).isLessThanOrEqualTo(2_000);
            assertThat(cache.stats().evictions()).isPositive();
        }
    }

    @Test
    void closeReleasesEveryCachedBodyButReadersKeepTheirs() throws Exception {
        CachedResult kept;
        try (DbTeleport cache = cache(1 << 20, 100)) {
            kept = cache.get("short", 5).get();
            cache.get("short", 6).get().close();
            assertThat(kept.refCnt()).isEqualTo(2);
        }
        assertThat(kept.refCnt()).isEqualTo(1);
        kept.close();
        kept.close();
        assertThatThrownBy(kept::body).isInstanceOf(IllegalStateException.class).hasMessage("result already closed");
    }

    @Test
    void aClosedCacheRefusesAndARunningFillLeavesNothingBehind() throws Exception {
        CountingDataSource ds = new CountingDataSource(PG.dataSource());
        FakeChangeFeed feed = new FakeChangeFeed();
        DbTeleport cache = DbTeleport.builder().dataSource(ds).installTriggers(false)
                .changeFeedFactory(feed.factory()).build();
        cache.register("short", "select id from notes where id = ?", List.of("notes"), "id");
        assertThat(feed.watches()).as("installTriggers(false)").isEmpty();
        ds.reset();
        ds.holdConnections();
        CompletableFuture<CachedResult> running = cache.get("short", 9);
        FillConcurrencyTest.await(() -> ds.connections() == 1);
        cache.close();
        assertThat(feed.closed()).isTrue();
        ds.releaseConnections();
        try (CachedResult result = running.get(20, java.util.concurrent.TimeUnit.SECONDS)) {
            assertThat(result.refCnt()).as("only the reader holds it").isEqualTo(1);
        }
        assertThat(cache.stats().entries()).isZero();
        assertThatThrownBy(() -> cache.get("short", 9)).isInstanceOf(IllegalStateException.class)
                .hasMessage("DbTeleport is closed");
        assertThatThrownBy(() -> cache.register("x", "select 1 as one", List.of("notes")))
                .hasMessage("DbTeleport is closed");
    }

    @Test
    void aResultOverMaxRowsFailsAndIsNotCached() throws Exception {
        try (DbTeleport cache = DbTeleport.builder().dataSource(PG.dataSource()).maxRows(200)
                .changeFeedFactory(new FakeChangeFeed().factory()).build()) {
            cache.register("all", "select id from notes order by id", List.of("notes"));
            cache.register("some", "select id from notes where id <= 200 order by id", List.of("notes"));
            cache.register("many", "select id from notes, generate_series(1, 2) order by id", List.of("notes"));
            try (CachedResult exactly = cache.get("some").get()) {
                assertThat(exactly.rowCount()).isEqualTo(200);
            }
            assertThatThrownBy(() -> cache.get("many").get()).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("query many: more than 200 rows (maxRows;");
            assertThat(cache.getCached("many")).isNull();
        }
    }

    @Test
    void aJdbcUrlGetsItsOwnPool() throws Exception {
        try (DbTeleport cache = DbTeleport.builder().jdbcUrl(PG.jdbcUrl(), "postgres", null)
                .changeFeedFactory(new FakeChangeFeed().factory()).jdbcThreads(2, 10).build()) {
            cache.register("count", "select count(*) as n from notes", List.of("notes"));
            try (CachedResult r = cache.get("count").get()) {
                assertThat(r.rowCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void withoutAFeedWiredInTheCacheStillServes() throws Exception {
        try (DbTeleport cache = DbTeleport.builder().dataSource(PG.dataSource()).channel("my_channel").build()) {
            cache.register("short", "select id from notes where id = ?", List.of("notes"), "id");
            cache.get("short", 1).get().close();
            cache.sync().get();
            try (CachedResult hit = cache.getCached("short", 1)) {
                assertThat(hit).isNotNull();
                assertThat(hit.toString()).isEqualTo("CachedResult(Short, 1 rows, " + hit.bodyLength() + " bytes)");
            }
        }
    }

    @Test
    void builderChecks() {
        assertThatThrownBy(() -> DbTeleport.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a DataSource or a JDBC URL");
        assertThatThrownBy(() -> DbTeleport.builder().channel("Bad-Name")).hasMessageStartingWith("channel : Bad-Name");
        assertThatThrownBy(() -> DbTeleport.builder().maxBytes(0)).hasMessage("maxBytes : 0 (expected: > 0)");
        assertThatThrownBy(() -> DbTeleport.builder().dataSource(PG.dataSource()).maxBytes(Long.MAX_VALUE)
                .maxEntries(1).changeFeedFactory(new FakeChangeFeed().factory()).build())
                .hasMessageContaining("maxBytes / maxEntries");
        assertThatThrownBy(() -> DbTeleport.builder().dataSource(PG.dataSource()).changeFeedFactory((d, c, s) -> {
            throw new IllegalStateException("no listener today");
        }).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("DbTeleport: the change feed on channel dx_teleport did not start: no listener today");
    }

    private static DefaultFullHttpRequest request(String acceptEncoding) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/q");
        request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        return request;
    }

    /** An exchange that keeps what it was answered with and allocates from the pooled allocator. */
    private static HbtpExchange exchange(AtomicReference<ByteBuf> answered) {
        return (HbtpExchange) Proxy.newProxyInstance(HbtpExchange.class.getClassLoader(),
                new Class<?>[] {HbtpExchange.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "alloc": return PooledByteBufAllocator.DEFAULT;
                        case "respond":
                            // what the exchange would send: the stored bytes, compressed or not
                            answered.set(((HbtpCompressedBody) args[0]).content().retainedDuplicate());
                            return null;
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
