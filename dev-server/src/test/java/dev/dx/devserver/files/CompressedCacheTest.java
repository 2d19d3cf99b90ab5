package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link CompressedCache}: hits skip the read, a new ETag misses, and both bounds hold. */
class CompressedCacheTest {

    private static final byte[] TEXT = "abcdefgh".repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void aHitDoesNotReadAgainAndANewETagMisses() throws Exception {
        CompressedCache cache = new CompressedCache(8, 1 << 20);
        AtomicInteger reads = new AtomicInteger();
        CompressedCache.PlainBytes plain = () -> {
            reads.incrementAndGet();
            return TEXT;
        };
        byte[] first = cache.get("/a.css", "\"1\"", ContentCoding.GZIP, plain);
        assertThat(cache.get("/a.css", "\"1\"", ContentCoding.GZIP, plain)).isSameAs(first);
        assertThat(reads).hasValue(1);
        cache.get("/a.css", "\"2\"", ContentCoding.GZIP, plain);
        cache.get("/a.css", "\"2\"", ContentCoding.ZSTD, plain);
        assertThat(reads).hasValue(3);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void entriesAndBytesAreBounded() throws Exception {
        CompressedCache byCount = new CompressedCache(2, 1 << 20);
        for (int i = 0; i < 5; i++) {
            byCount.get("/" + i, "\"e\"", ContentCoding.GZIP, () -> TEXT);
        }
        assertThat(byCount.size()).isEqualTo(2);
        int one = ContentCoding.GZIP.compress(TEXT).length;
        CompressedCache byBytes = new CompressedCache(100, one * 3L);
        for (int i = 0; i < 10; i++) {
            byBytes.get("/" + i, "\"e\"", ContentCoding.GZIP, () -> TEXT);
        }
        assertThat(byBytes.size()).isEqualTo(3);
        assertThat(byBytes.bytes()).isEqualTo(one * 3L);
        CompressedCache tiny = new CompressedCache(4, 1);
        assertThat(tiny.get("/big", "\"e\"", ContentCoding.GZIP, () -> TEXT)).isNotEmpty();
        assertThat(tiny.size()).as("larger than the whole cache: served, not kept").isZero();
        assertThatThrownBy(() -> new CompressedCache(0, 1)).hasMessageContaining("maxEntries");
    }
}
