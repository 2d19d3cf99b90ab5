package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** {@link ContentCoding}: the choice from {@code Accept-Encoding}, and compression that round-trips. */
class ContentCodingTest {

    @Test
    void zstdIsPreferredThenGzip() {
        assertThat(ContentCoding.negotiate(null)).isNull();
        assertThat(ContentCoding.negotiate("")).isNull();
        assertThat(ContentCoding.negotiate("identity")).isNull();
        assertThat(ContentCoding.negotiate("br, deflate")).isNull();
        assertThat(ContentCoding.negotiate("gzip, deflate, br, zstd")).isEqualTo(ContentCoding.ZSTD);
        assertThat(ContentCoding.negotiate("gzip;q=1.0, zstd;q=0.1")).isEqualTo(ContentCoding.ZSTD);
        assertThat(ContentCoding.negotiate("GZIP")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.negotiate("x-gzip")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.negotiate("zstd;q=0, gzip")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.negotiate("zstd; q=0.0, gzip; q=0")).isNull();
        assertThat(ContentCoding.negotiate("*")).isEqualTo(ContentCoding.ZSTD);
        assertThat(ContentCoding.negotiate("*;q=0")).isNull();
        assertThat(ContentCoding.negotiate("zstd;q=0, *")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.negotiate("gzip;q=abc")).as("a q that does not parse refuses").isNull();
        assertThat(ContentCoding.negotiate("gzip;q=2")).as("a q out of range refuses").isNull();
    }

    @Test
    void compressedBytesDecompressToTheInput() throws Exception {
        byte[] text = "hello, hello, hello, dev server ".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] z = ContentCoding.ZSTD.compress(text);
        assertThat(z.length).isLessThan(text.length / 4);
        assertThat(Zstd.decompress(z, text.length)).isEqualTo(text);
        byte[] g = ContentCoding.GZIP.compress(text);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(g))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
        assertThat(ContentCoding.ZSTD.token()).isEqualTo("zstd");
        assertThat(ContentCoding.GZIP.token()).isEqualTo("gzip");
    }
}
