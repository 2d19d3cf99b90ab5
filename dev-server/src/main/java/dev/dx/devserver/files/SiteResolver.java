package dev.dx.devserver.files;

import static dev.dx.common.Checks.checkNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds the file a {@link SitePath} names under a root directory, never one outside it.
 *
 * <p>Two guards: the path joined to the root and normalised must still start with the root (against
 * anything the file system reads as absolute or as a drive), and the file's <em>real</em> path, with
 * every symbolic link followed, must start with the root's real path. A link inside the site to a file
 * inside the site is served; a link that leads out is {@link Found#MISSING}, answered {@code 404} like
 * a file that is not there (not {@code 403}: the answer does not confirm that something exists).
 *
 * <p>A directory requested with a trailing slash serves its {@code index.html} (checked the same way);
 * without one, it is a {@link Redirect} to the slash form.
 */
final class SiteResolver {

    /** The file served for a directory. */
    static final String INDEX = "index.html";

    private final Path root;
    private final Path realRoot;

    /**
     * A resolver for {@code root}, which must be an existing directory.
     *
     * @throws IllegalArgumentException if it is not a directory
     */
    SiteResolver(Path root) {
        checkNotNull(root, "root");
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("root : " + root + " (expected: an existing directory)", e);
        }
        if (!Files.isDirectory(realRoot)) {
            throw new IllegalArgumentException("root : " + root + " (expected: a directory)");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    /** What a request path leads to. */
    sealed interface Found permits Missing, Redirect, SiteFile {
        /** Nothing servable: not there, outside the root, or not a regular file. */
        Found MISSING = new Missing();
    }

    /** Nothing to serve. */
    record Missing() implements Found {
    }

    /** A directory asked for without its slash: answer {@code 301} to {@code location}. */
    record Redirect(String location) implements Found {
    }

    /** A regular file inside the root: {@code file} is its real path, {@code served} the request path. */
    record SiteFile(Path file, String served) implements Found {
    }

    /** What {@code path} leads to. */
    Found resolve(SitePath path) {
        Path candidate = root;
        for (String segment : path.segments()) {
            candidate = candidate.resolve(segment);
        }
        candidate = candidate.normalize();
        if (!candidate.startsWith(root)) {
            return Found.MISSING;
        }
        Path real = inside(candidate);
        if (real == null) {
            return Found.MISSING;
        }
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            if (!path.directorySyntax()) {
                return new Redirect(path.encodedDirectory());
            }
            Path index = inside(real.resolve(INDEX));
            return index != null && Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)
                    ? new SiteFile(index, path.served() + INDEX) : Found.MISSING;
        }
        if (path.directorySyntax() || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Found.MISSING;
        }
        return new SiteFile(real, path.served());
    }

    /** The real path of {@code p} when it exists and lies inside the root's real path, else {@code null}. */
    private Path inside(Path p) {
        try {
            Path real = p.toRealPath();
            return real.startsWith(realRoot) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }
}
