package dev.dx.devserver.reload;

import java.util.List;

/** Where {@link SiteWatcher} sends what it found: {@link ReloadHub} on a server, a recorder in tests. */
interface PageUpdates {

    /** Stylesheet {@code path} changed: every page swaps it. Returns the number of pages told. */
    int css(String path);

    /** Every page reloads. Returns the number of pages told. */
    int reloadAll(String reason);

    /** The pages that show {@code page} reload. Returns the number of pages told. */
    int reload(String page, String reason);

    /** The pages that show {@code page} apply {@code patches}. Returns the number of pages told. */
    int patch(String page, List<HtmlPatch> patches);
}
