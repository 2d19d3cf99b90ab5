package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

/**
 * What {@link SiteWatcher} did about one changed file, for a {@link ReloadListener}.
 *
 * @param path the file, as served (starting with {@code /})
 * @param action what the pages were sent
 * @param pages how many pages it was sent to
 * @param eventToPushNanos from the watcher's first event for the file to the push being handed to the pages'
 *        event loops (the debounce included), in nanoseconds
 */
public record ReloadPush(String path, Action action, int pages, long eventToPushNanos) {

    /** Checks the fields. */
    public ReloadPush {
        checkNotNull(path, "path");
        checkNotNull(action, "action");
    }

    /** What a change became. */
    public enum Action {
        /** A {@code css} event to every page. */
        CSS,
        /** An HtipBatch of patches to the pages that show the file. */
        PATCH,
        /** A {@code reload} event: to every page, or to the pages that show an HTML file. */
        RELOAD,
        /** Nothing: the file changed in no way a page shows. */
        NONE
    }
}
