package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import java.time.Duration;

/**
 * Settings of a {@link SiteWatcher}. Setters validate and return {@code this}; the watcher takes a
 * {@link #snapshot()}.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #debounce(Duration)}</td><td>10 ms</td><td>how long the site must be quiet (no file event)
 *       before the changes seen so far are pushed: an editor's save is often several events</td></tr>
 *   <tr><td>{@link #listener(ReloadListener)}</td><td>{@link ReloadListener#NONE}</td><td>hears about each
 *       push</td></tr>
 * </table>
 */
public final class SiteWatcherConfig {

    /** The default quiet time before a push. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);
    /** The longest debounce accepted. */
    public static final Duration MAX_DEBOUNCE = Duration.ofSeconds(10);

    private Duration debounce = DEFAULT_DEBOUNCE;
    private ReloadListener listener = ReloadListener.NONE;

    /** Sets the quiet time before a push: 0 (push at the first event) to 10 s. */
    public SiteWatcherConfig debounce(Duration debounce) {
        checkNotNull(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("debounce : " + debounce + " (expected: 0 to 10 s)");
        }
        this.debounce = debounce;
        return this;
    }

    /** The quiet time before a push. */
    public Duration debounce() {
        return debounce;
    }

    /** Sets the listener that hears about each push. */
    public SiteWatcherConfig listener(ReloadListener listener) {
        this.listener = checkNotNull(listener, "listener");
        return this;
    }

    /** The listener that hears about each push. */
    public ReloadListener listener() {
        return listener;
    }

    /** A copy that later changes to this object do not reach. */
    public SiteWatcherConfig snapshot() {
        return new SiteWatcherConfig().debounce(debounce).listener(listener);
    }
}
