package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ContentTypes}: by extension, case-insensitive, octet-stream otherwise. */
class ContentTypesTest {

    @Test
    void typesByExtension() {
        for (String[] t : TestSite.TYPES) {
            assertThat(ContentTypes.of("/a/b." + t[0])).as(t[0]).isEqualTo(t[1]);
        }
        assertThat(ContentTypes.of("INDEX.HTML")).isEqualTo("text/html; charset=utf-8");
        assertThat(ContentTypes.of("page.htm")).isEqualTo("text/html; charset=utf-8");
        assertThat(ContentTypes.of("photo.jpeg")).isEqualTo("image/jpeg");
        assertThat(ContentTypes.of("Makefile")).isEqualTo(ContentTypes.OCTET_STREAM);
        assertThat(ContentTypes.of(".htaccess")).isEqualTo(ContentTypes.OCTET_STREAM);
        assertThat(ContentTypes.of("dir.css/file")).isEqualTo(ContentTypes.OCTET_STREAM);
        assertThat(ContentTypes.of("trailing.")).isEqualTo(ContentTypes.OCTET_STREAM);
    }

    @Test
    void compressibleTextAndHtml() {
        for (String c : new String[] {"a.html", "a.css", "a.js", "a.mjs", "a.json", "a.svg", "a.txt"}) {
            assertThat(ContentTypes.compressible(c)).as(c).isTrue();
        }
        for (String c : new String[] {"a.png", "a.woff2", "a.wasm", "a.map", "a.bin"}) {
            assertThat(ContentTypes.compressible(c)).as(c).isFalse();
        }
        assertThat(ContentTypes.html("x.HTML")).isTrue();
        assertThat(ContentTypes.html("x.htm")).isTrue();
        assertThat(ContentTypes.html("x.css")).isFalse();
    }
}
