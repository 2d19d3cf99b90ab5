package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** {@link Validators}: tags, dates, and the three conditional headers. */
class ValidatorsTest {

    private static final long MILLIS = 1_700_000_000_123L;
    private final Validators file = Validators.ofFile(1234, MILLIS * 1_000_000 + 5);

    @Test
    void tags() {
        assertThat(file.etag()).isEqualTo("\"4d2-" + Long.toHexString(MILLIS * 1_000_000 + 5) + "\"");
        assertThat(file.codedTag("gzip")).isEqualTo(file.etag().replace("\"", "").transform(t -> "\"" + t + "-gzip\""));
        Validators a = Validators.ofContent("a".getBytes(StandardCharsets.UTF_8), -1);
        Validators b = Validators.ofContent("b".getBytes(StandardCharsets.UTF_8), -1);
        assertThat(a.etag()).matches("\"[0-9a-f]{32}\"").isNotEqualTo(b.etag());
        assertThat(a.lastModified()).isNull();
        assertThat(file.lastModified()).isEqualTo(DateFormatter.format(new Date(MILLIS)));
    }

    @Test
    void notModified() {
        String lm = file.lastModified();
        assertThat(file.notModified(null, null)).isFalse();
        assertThat(file.notModified(file.etag(), null)).isTrue();
        assertThat(file.notModified(file.codedTag("zstd"), null)).isTrue();
        assertThat(file.notModified("\"x\", " + file.codedTag("gzip"), null)).isTrue();
        assertThat(file.notModified("\"x\"", lm)).isFalse();
        assertThat(file.notModified(null, lm)).isTrue();
        assertThat(file.notModified(null, DateFormatter.format(new Date(MILLIS + 5000)))).isTrue();
        assertThat(file.notModified(null, DateFormatter.format(new Date(MILLIS - 5000)))).isFalse();
        assertThat(file.notModified(null, "yesterday")).isFalse();
        assertThat(Validators.ofContent(new byte[1], -1).notModified(null, lm)).isFalse();
    }

    @Test
    void ifRange() {
        assertThat(file.rangeAllowed(null)).isTrue();
        assertThat(file.rangeAllowed(file.etag())).isTrue();
        assertThat(file.rangeAllowed("W/" + file.etag())).isFalse();
        assertThat(file.rangeAllowed("\"other\"")).isFalse();
        assertThat(file.rangeAllowed(file.lastModified())).isTrue();
        assertThat(file.rangeAllowed(DateFormatter.format(new Date(MILLIS - 5000)))).isFalse();
        assertThat(file.rangeAllowed("not a date")).isFalse();
        assertThat(Validators.ofContent(new byte[1], -1).rangeAllowed(file.lastModified())).isFalse();
    }
}
