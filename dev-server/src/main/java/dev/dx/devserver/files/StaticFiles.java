package dev.dx.devserver.files;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.CimHandler;
import dev.dx.cim.Rejection;
import dev.dx.cim.http.HttpExchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Serves the files under a site directory over HTTP/1.1, as the handler of a route or as
 * {@code CimHttpRouter.Builder.fallback}.
 *
 * <h2>Paths</h2>
 * The request path is percent-decoded once and normalised ({@link SitePath}); no request reaches a file
 * outside the root, whether by {@code ../}, encoded or double-encoded dots and slashes, an absolute path
 * or a symbolic link whose real path leads out ({@link SiteResolver}). Those, like missing files, are
 * answered {@code 404}; a malformed path (bad escape, NUL, backslash, not UTF-8) {@code 400}. A
 * directory serves its {@code index.html}; asked for without the trailing slash it answers {@code 301}
 * to the slash form.
 *
 * <h2>Answers</h2>
 * GET and HEAD; other methods {@code 405} with {@code Allow: GET, HEAD}. Content types by extension
 * ({@link ContentTypes}); {@code ETag} and {@code Last-Modified}, {@code 304} for
 * {@code If-None-Match}/{@code If-Modified-Since}; one byte range ({@code 206}, {@code 416},
 * {@code If-Range}; several ranges get the whole file, {@code 200}); zstd or gzip for text types;
 * {@code Cache-Control: no-cache} (see {@link RepresentationSender}).
 *
 * <h2>HTML</h2>
 * {@code .html} pages go through the {@link HtmlRewriter}; the rewritten bytes are served, and their
 * strong {@code ETag} is a hash of them (so it changes when the rewriter's output does, even if the file
 * did not).
 *
 * <h2>Bodies</h2>
 * Other files are sent from disk: a {@code DefaultFileRegion} (zero-copy) on Netty's NIO, epoll,
 * io_uring and kqueue channels without TLS, else a {@code ChunkedNioFile}, which needs a
 * {@code ChunkedWriteHandler} between the codec and the {@code CimHttpHandler}:
 * <pre>{@code
 * p.addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new HttpObjectAggregator(1 << 16),
 *           new CimHttpHandler(chain, router));   // router: ... .fallback(new StaticFiles(site, rewriter))
 * }</pre>
 * Without one there, such a file is read into one buffer and sent from memory.
 * Files are opened and read on the event loop that took the request: fine for a dev server on a local
 * disk, not for slow storage. Thread-safe; share one instance.
 */
public final class StaticFiles implements CimHandler<HttpExchange> {

    /** Compressed bytes kept: entries and total size. */
    static final int CACHE_ENTRIES = 256;
    static final long CACHE_BYTES = 32L << 20;

    private final SiteResolver resolver;
    private final HtmlRewriter rewriter;
    private final RepresentationSender sender;

    /**
     * Serves the files under {@code root}, an existing directory, rewriting HTML with {@code rewriter}
     * ({@link HtmlRewriter#NONE} to serve it as it is).
     */
    public StaticFiles(Path root, HtmlRewriter rewriter) {
        this(root, rewriter, true);
    }

    /** As the public constructor; {@code zeroCopyAllowed == false} always sends chunked (for tests). */
    StaticFiles(Path root, HtmlRewriter rewriter, boolean zeroCopyAllowed) {
        this.resolver = new SiteResolver(checkNotNull(root, "root"));
        this.rewriter = checkNotNull(rewriter, "rewriter");
        this.sender = new RepresentationSender(new CompressedCache(CACHE_ENTRIES, CACHE_BYTES), zeroCopyAllowed);
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        SitePath path = SitePath.requested(x);
        if (path == null) {
            return;
        }
        SiteResolver.Found found = resolver.resolve(path);
        if (found instanceof SiteResolver.Redirect r) {
            String uri = x.request().uri();
            int q = uri.indexOf('?');
            String location = q < 0 ? r.location() : r.location() + uri.substring(q);
            x.answerHeader(HttpHeaderNames.LOCATION, location);
            x.respond(HttpResponseStatus.MOVED_PERMANENTLY,
                    ByteBufUtil.writeUtf8(x.channel().alloc(), "moved to " + location), MethodCheck.TEXT);
            return;
        }
        if (!(found instanceof SiteResolver.SiteFile f)) {
            x.reject(Rejection.NOT_FOUND, "not found");
            return;
        }
        Representation rep;
        try {
            rep = representation(f);
        } catch (NoSuchFileException e) {
            x.reject(Rejection.NOT_FOUND, "not found");
            return;
        }
        sender.send(x, rep);
    }

    private Representation representation(SiteResolver.SiteFile f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f.file(), BasicFileAttributes.class);
        String name = f.file().getFileName().toString();
        String type = ContentTypes.of(name);
        boolean compressible = ContentTypes.compressible(name);
        long modifiedNanos = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (ContentTypes.html(name)) {
            byte[] page = rewriter.rewrite(f.served(), Files.readAllBytes(f.file()));
            return new Representation.InMemory(f.served(), type, compressible,
                    Validators.ofContent(page, modifiedNanos / 1_000_000), page);
        }
        return new Representation.OnDisk(f.served(), type, compressible, Validators.ofFile(a.size(), modifiedNanos),
                f.file(), a.size());
    }
}
