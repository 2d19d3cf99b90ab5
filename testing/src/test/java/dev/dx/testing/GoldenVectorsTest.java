package dev.dx.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The golden-vector folder is whole: every file listed, every digest right, nothing listed that is gone. */
class GoldenVectorsTest {

    @Test
    void everyVectorIsListedAndMatchesItsRecordedDigest() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenVectors.class.getResource(GoldenVectors.ROOT).toURI());
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(GoldenVectors.SUMS)).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("files under " + GoldenVectors.ROOT).hasSizeGreaterThan(10);
        assertThat(GoldenVectors.sums().keySet()).as("listed in " + GoldenVectors.SUMS)
                .containsExactlyInAnyOrderElementsOf(files);
        for (String path : files) {
            assertThat(GoldenVectors.bytes(path)).as(path).isNotEmpty();
        }
    }

    @Test
    void aChangedVectorIsNamedWithBothDigests() {
        String path = "teleport/user.hex";
        byte[] content = GoldenVectors.bytes(path);
        content[0] ^= 1;
        String recorded = GoldenVectors.sums().get(path);

        assertThatThrownBy(() -> GoldenVectors.checked(path, content)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("golden vector teleport/user.hex changed")
                .hasMessageContaining(GoldenVectors.sha256(content)).hasMessageContaining(recorded);
        assertThatThrownBy(() -> GoldenVectors.checked("teleport/unlisted.hex", content))
                .isInstanceOf(AssertionError.class).hasMessageContaining("is not listed in");
        assertThatThrownBy(() -> GoldenVectors.bytes("teleport/no-such.hex")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no golden vector");
        assertThat(GoldenVectors.exists(path)).isTrue();
        assertThat(GoldenVectors.exists("teleport/no-such.hex")).isFalse();
    }

    @Test
    void hexIgnoresWhitespaceAndComments() {
        assertThat(GoldenVectors.parseHex("44 58 # magic\n54 50\n")).containsExactly(0x44, 0x58, 0x54, 0x50);
        assertThatThrownBy(() -> GoldenVectors.parseHex("4")).hasMessageContaining("odd number");
        // §5's 51-byte User message
        assertThat(GoldenVectors.hex("teleport/user.hex")).hasSize(51).startsWith(0x44, 0x58, 0x54, 0x50);
    }
}
