package dev.dx.devserver.reload;

/**
 * Hears about every change {@link SiteWatcher} pushed, on the watcher's thread, after the push: the dev server
 * can count them or report the time from file event to push. Must not block; what it throws is logged.
 */
@FunctionalInterface
public interface ReloadListener {

    /** Hears nothing. */
    ReloadListener NONE = push -> { };

    /** Called once for each changed file, after its push. */
    void pushed(ReloadPush push);
}
