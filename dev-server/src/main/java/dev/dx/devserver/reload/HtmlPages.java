package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.devserver.files.HtmlRewriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The dev server's {@link HtmlRewriter}: numbers a page's elements and adds the runtime script on the way
 * out (see {@code docs/dev-server.md}), and remembers, per page, the version it served last, so that a later
 * change to the file can be {@linkplain HtmlDiff diffed} against what the browser has.
 *
 * <p>The page is parsed with jsoup (the charset from a BOM or {@code <meta charset>}, UTF-8 otherwise) and
 * written back without pretty-printing, in the same charset, so the output keeps the source's text and
 * whitespace. Then:
 * <ul>
 *   <li>every element gets {@code data-dx-id="N"}, its 1-based position in document order ({@code <html>} is
 *       1), replacing any {@code data-dx-id} the file had;</li>
 *   <li>{@code <script type="module" src="/_dx/runtime.js" data-dx-page="PAGE"></script>} becomes the last
 *       child of {@code <head>} (jsoup gives every document one). It is added after the numbering and has
 *       no id of its own; a runtime script already in the file (a page saved from the browser) is dropped
 *       first, so rewriting a rewritten page changes nothing.</li>
 * </ul>
 * PAGE is the served path with {@code index.html} added to a path that ends in {@code /}: a page is known by
 * the file it shows, which is also the path its {@code hello} event names and the path {@link SiteWatcher}
 * derives from the file.
 *
 * <p>Thread-safe: {@link #rewrite} runs on any event loop. The versions it keeps are never modified after
 * they are stored; {@link SiteWatcher} reads and replaces them from its one thread.
 */
public final class HtmlPages implements HtmlRewriter {

    /** The attribute that carries an element's id. */
    public static final String ID_ATTRIBUTE = "data-dx-id";
    /** The attribute of the runtime script that names the page. */
    public static final String PAGE_ATTRIBUTE = "data-dx-page";
    /** Where the browser runtime is served. */
    public static final String RUNTIME_PATH = "/_dx/runtime.js";

    private final ConcurrentHashMap<String, Document> served = new ConcurrentHashMap<>();

    @Override
    public byte[] rewrite(String servedPath, byte[] html) {
        String page = pagePath(servedPath);
        Document doc = parse(checkNotNull(html, "html"));
        Document copy = doc.clone(); // before it is shared: after this, only the watcher's thread reads doc
        served.put(page, doc);
        return render(copy, page);
    }

    /**
     * The path a page is known by: {@code servedPath} itself, or with {@code index.html} appended when it ends
     * in {@code /}.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}
     */
    public static String pagePath(String servedPath) {
        checkNotNull(servedPath, "servedPath");
        if (!servedPath.startsWith("/")) {
            throw new IllegalArgumentException("servedPath : " + servedPath + " (expected: a path starting with /)");
        }
        return servedPath.endsWith("/") ? servedPath + "index.html" : servedPath;
    }

    /** Reads {@code html} as this class reads a page, without any of the rewriting; the runtime script is dropped. */
    public static Document parse(byte[] html) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(html), null, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail to read
        }
        doc.outputSettings().prettyPrint(false);
        for (Element script : doc.select("script[" + PAGE_ATTRIBUTE + "][src=\"" + RUNTIME_PATH + "\"]")) {
            script.remove();
        }
        return doc;
    }

    /** The version of {@code page} (a {@link #pagePath}) served last, or {@code null} if it was never served. */
    public Document lastServed(String page) {
        return served.get(page);
    }

    /**
     * Records that the pages showing {@code page} now have {@code now} (they were patched or will reload), if
     * {@code page} was served before and still has version {@code before}. Returns whether it did.
     */
    public boolean replaceServed(String page, Document before, Document now) {
        return served.replace(page, before, now);
    }

    /** The pages served so far. */
    public Set<String> servedPages() {
        return Set.copyOf(served.keySet());
    }

    /** Numbers the elements of {@code doc}, adds the runtime script and writes it out. Modifies {@code doc}. */
    static byte[] render(Document doc, String page) {
        Elements all = doc.getAllElements(); // [0] is the document itself
        for (int id = 1; id < all.size(); id++) {
            all.get(id).attr(ID_ATTRIBUTE, Integer.toString(id));
        }
        doc.head().appendElement("script")
                .attr("type", "module")
                .attr("src", RUNTIME_PATH)
                .attr(PAGE_ATTRIBUTE, page);
        Charset charset = doc.outputSettings().charset();
        return doc.outerHtml().getBytes(charset);
    }
}
