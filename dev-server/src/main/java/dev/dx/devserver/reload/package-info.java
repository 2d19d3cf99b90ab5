/**
 * Hot reload: watches the site directory, classifies each change (stylesheet, text-only HTML edit,
 * anything else) and pushes it to the open pages over HBTP-over-WebSocket (see {@code docs/dev-server.md}).
 *
 * <ul>
 *   <li>{@link dev.dx.devserver.reload.HtmlPages}: the {@code HtmlRewriter} that numbers a page's elements,
 *       adds the runtime script and remembers the version of each page it served;</li>
 *   <li>{@link dev.dx.devserver.reload.HtmlDiff}: two versions of a page → a
 *       {@link dev.dx.devserver.reload.PageDiff} of {@link dev.dx.devserver.reload.HtmlPatch}es, or a
 *       structural change; {@link dev.dx.devserver.reload.HtipBatchWriter} lays the patches out as an
 *       HtipBatch body;</li>
 *   <li>{@link dev.dx.devserver.reload.ReloadHub}: the sharable handler that knows which page shows which
 *       file (from its {@code hello}) and sends {@code css}/{@code reload} events and HtipBatch frames;</li>
 *   <li>{@link dev.dx.devserver.reload.SiteWatcher}: the directory watcher with its debounce, configured by
 *       {@link dev.dx.devserver.reload.SiteWatcherConfig}, reporting each push to a
 *       {@link dev.dx.devserver.reload.ReloadListener} as a {@link dev.dx.devserver.reload.ReloadPush} (the
 *       time from file event to push included).</li>
 * </ul>
 */
package dev.dx.devserver.reload;
