/**
 * Static files over HTTP/1.1: {@link dev.dx.devserver.files.StaticFiles} serves the site directory (the
 * router's fallback) and {@link dev.dx.devserver.files.ClasspathFiles} the browser runtime's class path
 * resources under {@code /_dx/}.
 *
 * <p>Inside: {@code SitePath} decodes a request path once and normalises it, {@code SiteResolver} keeps
 * every file inside the root's real path, {@code ContentTypes} names the types,
 * {@code RepresentationSender} answers with validators and {@code 304}, one byte range, zstd or gzip
 * for text ({@code ContentCoding}, cached by {@code CompressedCache}), and file bodies from
 * {@code FileBodies}: a {@code DefaultFileRegion} (zero-copy) where the transport allows, else a
 * {@code ChunkedNioFile}. {@link dev.dx.devserver.files.HtmlRewriter} rewrites pages on the way out.
 *
 * <p>What is refused and how: a malformed path {@code 400}; anything outside the root, missing, or a
 * directory without {@code index.html} {@code 404} (never {@code 403}); methods other than GET and HEAD
 * {@code 405}; several byte ranges are answered with the whole file ({@code 200}).
 */
package dev.dx.devserver.files;
