package dev.dx.devserver.files;

/**
 * Rewrites an HTML page on its way out (never on disk): the dev server numbers the page's elements and
 * adds its runtime script (see {@code docs/dev-server.md}).
 */
@FunctionalInterface
public interface HtmlRewriter {

    /** Serves HTML as it is on disk. */
    HtmlRewriter NONE = (servedPath, html) -> html;

    /**
     * The bytes to serve for the page {@code servedPath} (the request path, starting with {@code /}) whose
     * file holds {@code html}.
     */
    byte[] rewrite(String servedPath, byte[] html);
}
