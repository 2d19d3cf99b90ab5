package dev.dx.devserver.files;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.CimHandler;
import dev.dx.cim.Rejection;
import dev.dx.cim.http.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves class path resources under a URL prefix: with mount {@code /_dx/} and base
 * {@code dev/dx/devserver/runtime/}, {@code GET /_dx/runtime.js} answers the resource
 * {@code dev/dx/devserver/runtime/runtime.js}.
 *
 * <p>The path is decoded and normalised as {@link StaticFiles} does it ({@link SitePath}); a path that
 * leaves the mount once normalised ({@code /_dx/../x}), names a directory or names no resource is
 * {@code 404}; a malformed one {@code 400}; methods other than GET and HEAD {@code 405}. Answers carry the
 * same content types, {@code ETag} (a hash of the bytes), {@code 304}, ranges and compression as files
 * (see {@link RepresentationSender}), with {@code Last-Modified} the time this handler was made.
 *
 * <p>The bytes of a resource are read once and kept (resources do not change while the server runs);
 * missing names are not remembered. Thread-safe; share one instance.
 */
public final class ClasspathFiles implements CimHandler<HttpExchange> {

    /** Where the browser runtime's files are served: {@code /_dx/}. */
    public static final String RUNTIME_MOUNT = "/_dx/";

    private final String mount;
    private final String base;
    private final ClassLoader loader;
    private final long loadedMillis = System.currentTimeMillis();
    private final ConcurrentHashMap<String, Representation> cache = new ConcurrentHashMap<>();
    private final RepresentationSender sender = new RepresentationSender(new CompressedCache(64, 8L << 20), false);

    /**
     * Serves the resources under {@code base} (a resource path such as {@code dev/dx/devserver/runtime/},
     * ending in {@code /}) at the request paths under {@code mount} (such as {@code /_dx/}, starting and
     * ending in {@code /}), loaded by {@code loader}.
     */
    public ClasspathFiles(String mount, String base, ClassLoader loader) {
        this.mount = checkNotNull(mount, "mount");
        this.base = checkNotNull(base, "base");
        this.loader = checkNotNull(loader, "loader");
        if (!mount.startsWith("/") || !mount.endsWith("/")) {
            throw new IllegalArgumentException("mount : " + mount + " (expected: starts and ends with /)");
        }
        if (base.startsWith("/") || !(base.isEmpty() || base.endsWith("/"))) {
            throw new IllegalArgumentException("base : " + base + " (expected: a resource path ending in /)");
        }
    }

    /**
     * Serves the resources under {@code base} (such as {@code dev/dx/devserver/runtime/}) at the request
     * paths under {@link #RUNTIME_MOUNT}, loaded by this class's loader: the browser runtime's paths of
     * {@code docs/dev-server.md}.
     */
    public ClasspathFiles(String base) {
        this(RUNTIME_MOUNT, base, ClasspathFiles.class.getClassLoader());
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        SitePath path = SitePath.requested(x);
        if (path == null) {
            return;
        }
        Representation rep = find(path);
        if (rep == null) {
            x.reject(Rejection.NOT_FOUND, "not found");
            return;
        }
        sender.send(x, rep);
    }

    private Representation find(SitePath path) throws IOException {
        String served = path.served();
        if (path.directorySyntax() || !served.startsWith(mount)) {
            return null;
        }
        Representation known = cache.get(served);
        if (known != null) {
            return known;
        }
        List<String> segments = path.segments();
        String name = base + served.substring(mount.length());
        if (segments.isEmpty() || name.endsWith("/")) {
            return null;
        }
        URL url = loader.getResource(name);
        if (url == null || directory(url)) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        }
        String file = segments.get(segments.size() - 1);
        Representation rep = new Representation.InMemory(served, ContentTypes.of(file), ContentTypes.compressible(file),
                Validators.ofContent(bytes, loadedMillis), bytes);
        Representation raced = cache.putIfAbsent(served, rep);
        return raced == null ? rep : raced;
    }

    /** Whether a resource is a directory, which would "read" as a listing of its files or as nothing. */
    private static boolean directory(URL url) throws IOException {
        URLConnection c = url.openConnection();
        if (c instanceof JarURLConnection jar) {
            JarEntry e = jar.getJarEntry();
            return e == null || e.isDirectory();
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return true;
            }
        }
        return false;
    }
}
