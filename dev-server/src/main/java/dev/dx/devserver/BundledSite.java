package dev.dx.devserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo site bundled in this jar ({@code dev/dx/devserver/demo/}, listed in its {@code files.txt}),
 * copied into a fresh temporary directory so that it can be edited and watched like any site, and
 * deleted again when the server stops.
 */
final class BundledSite {

    private static final String BASE = "dev/dx/devserver/demo/";

    private BundledSite() {
    }

    /** Copies the demo site into a new temporary directory and returns it. */
    static Path extract() {
        try {
            Path dir = Files.createTempDirectory("dx-dev-demo-");
            for (String file : files()) {
                Path target = dir.resolve(file).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("demo file outside the site: " + file);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = open(file)) {
                    Files.copy(in, target);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled demo site", e);
        }
    }

    /** Deletes {@code dir} and everything in it; missing files are fine. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo site copy " + dir, e);
        }
    }

    static List<String> files() throws IOException {
        try (InputStream in = open("files.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = BundledSite.class.getClassLoader().getResourceAsStream(BASE + file);
        if (in == null) {
            throw new IOException("missing from the jar: " + BASE + file);
        }
        return in;
    }
}
