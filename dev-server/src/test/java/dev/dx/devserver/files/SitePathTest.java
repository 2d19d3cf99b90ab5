package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SitePath}: decoding once, normalising, refusing, and what it can never produce. */
class SitePathTest {

    private static String served(String raw) throws BadPathException {
        SitePath p = SitePath.parse(raw);
        return p == null ? null : p.served();
    }

    @Test
    void normalisesDotsSlashesAndEncodedSeparators() throws Exception {
        assertThat(served("/")).isEqualTo("/");
        assertThat(served("/a/b.css")).isEqualTo("/a/b.css");
        assertThat(served("//a///b.css")).isEqualTo("/a/b.css");
        assertThat(served("/a/./b/../c")).isEqualTo("/a/c");
        assertThat(served("/a/b/")).isEqualTo("/a/b/");
        assertThat(served("/a/b/.")).isEqualTo("/a/b/");
        assertThat(served("/a/b/..")).isEqualTo("/a/");
        assertThat(served("/a%2Fb")).isEqualTo("/a/b");
        assertThat(served("/a/%2e%2e/c")).isEqualTo("/c");
        assertThat(served("/%252e%252e/x")).as("decoded once: a literal name").isEqualTo("/%2e%2e/x");
        assertThat(served("/J%C3%BCrgen%20x+y")).isEqualTo("/J\u00fcrgen x+y");
        assertThat(SitePath.parse("/a/b").directorySyntax()).isFalse();
        assertThat(SitePath.parse("/a/b/").directorySyntax()).isTrue();
        assertThat(SitePath.parse("/").directorySyntax()).isTrue();
    }

    @Test
    void climbingAboveTheRootGivesNull() throws Exception {
        for (String raw : new String[] {"/..", "/../", "/../a", "/a/../../b", "/%2e%2e/a", "/.%2E/a", "/a%2f..%2f..%2fb",
                "/./../a"}) {
            assertThat(SitePath.parse(raw)).as(raw).isNull();
        }
    }

    @Test
    void malformedPathsAreRefusedWithTheProblemNamed() {
        assertThatThrownBy(() -> SitePath.parse("a/b")).hasMessage("the path does not start with /");
        assertThatThrownBy(() -> SitePath.parse(null)).hasMessage("the path does not start with /");
        assertThatThrownBy(() -> SitePath.parse("/a%2")).hasMessage("truncated percent escape at index 2");
        assertThatThrownBy(() -> SitePath.parse("/a%")).hasMessage("truncated percent escape at index 2");
        assertThatThrownBy(() -> SitePath.parse("/a%g0")).hasMessage("invalid percent escape at index 2");
        assertThatThrownBy(() -> SitePath.parse("/a%0g")).hasMessage("invalid percent escape at index 2");
        assertThatThrownBy(() -> SitePath.parse("/a%00")).hasMessage("NUL in the path");
        assertThatThrownBy(() -> SitePath.parse("/a\u0000")).hasMessage("NUL in the path");
        assertThatThrownBy(() -> SitePath.parse("/a\\b")).hasMessage("backslash in the path");
        assertThatThrownBy(() -> SitePath.parse("/a%5Cb")).hasMessage("backslash in the path");
        assertThatThrownBy(() -> SitePath.parse("/\u00fc")).hasMessage("unencoded non-ASCII character at index 1");
        assertThatThrownBy(() -> SitePath.parse("/%FF")).hasMessage("the path is not UTF-8 after percent decoding");
        assertThatThrownBy(() -> SitePath.parse("/%C0%AF")).as("overlong slash")
                .hasMessage("the path is not UTF-8 after percent decoding");
    }

    @Test
    void redirectLocationsAreEncodedAndNeverSchemeRelative() throws Exception {
        assertThat(SitePath.parse("//evil.example/x").encodedDirectory()).isEqualTo("/evil.example/x/");
        assertThat(SitePath.parse("/a b/\u00e9".replace("\u00e9", "%C3%A9")).encodedDirectory())
                .isEqualTo("/a%20b/%C3%A9/");
        assertThat(SitePath.parse("/").encodedDirectory()).isEqualTo("/");
    }

    /** Random paths built from the pieces of traversal attacks never leave a root they are joined to. */
    @Test
    void noPathLeavesTheRoot() throws Exception {
        String[] pieces = {"a", "b", ".", "..", "%2e", "%2E", "%2e%2e", "%2f", "%2F", "/", "//", "%25", "%252e", "x%20y", "~"};
        Random random = new Random(25);
        Path root = Path.of("/srv/site").toAbsolutePath();
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder("/");
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            SitePath p = SitePath.parse(b.toString());
            if (p == null) {
                continue;
            }
            parsed++;
            Path joined = root;
            for (String s : p.segments()) {
                assertThat(s).as(b.toString()).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/");
                joined = joined.resolve(s);
            }
            assertThat(joined.normalize().startsWith(root)).as(b.toString()).isTrue();
        }
        assertThat(parsed).isGreaterThan(1000);
    }
}
