package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the site directory and pushes every change to the open pages (see {@code docs/dev-server.md}): a
 * stylesheet as a {@code css} event to every page; an HTML file as patches, or a reload, to the pages that
 * show it; anything else (another kind of file changed, a file added or deleted) as a reload of every page.
 * See {@link SiteChanges} for the rules.
 *
 * <pre>
 * HtmlPages pages = new HtmlPages();           // the files package's HtmlRewriter
 * ReloadHub hub = new ReloadHub();             // in the HBTP-over-WebSocket pipeline
 * try (SiteWatcher watcher = SiteWatcher.start(siteDir, pages, hub,
 *         new SiteWatcherConfig().listener(push -&gt; stats.record(push.eventToPushNanos())))) {
 *     ...
 * }
 * </pre>
 *
 * <p>The file events come from io.methvin's {@code DirectoryWatcher}: on Linux the JDK's watch service, which
 * uses inotify (no polling); on macOS FSEvents; on Windows the JDK's watch service. They are collected until
 * the site has been quiet for the {@linkplain SiteWatcherConfig#debounce debounce} time (10 ms by default),
 * then handled together on the watcher's own thread ({@code dx-reload}), which is the thread that calls the
 * {@link ReloadHub} and the {@link ReloadListener}. Two daemon threads in all; {@link #close()} stops both.
 */
public final class SiteWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SiteWatcher.class);

    private final Path root;
    private final DirectoryWatcher watcher;
    private final ExecutorService eventThread;
    private final Debouncer debouncer;

    private SiteWatcher(Path root, DirectoryWatcher watcher, ExecutorService eventThread, Debouncer debouncer) {
        this.root = root;
        this.watcher = watcher;
        this.eventThread = eventThread;
        this.debouncer = debouncer;
    }

    /**
     * Starts watching {@code root}; changes made once this returns are seen. {@code pages} is the rewriter
     * that serves the site's HTML (it knows what each page has), {@code hub} reaches the pages.
     *
     * @throws NotDirectoryException if {@code root} is not a directory
     * @throws IOException if the directory cannot be watched
     */
    public static SiteWatcher start(Path root, HtmlPages pages, ReloadHub hub, SiteWatcherConfig config)
            throws IOException {
        return start(root, pages, (PageUpdates) checkNotNull(hub, "hub"), config);
    }

    /**
     * {@link #start(Path, HtmlPages, ReloadHub, SiteWatcherConfig)} with the debounce {@code debounce} and no
     * listener.
     *
     * @throws IllegalArgumentException if {@code debounce} is negative or above 10 s
     */
    public static SiteWatcher start(Path root, Duration debounce, ReloadHub hub, HtmlPages pages) throws IOException {
        return start(root, pages, hub, new SiteWatcherConfig().debounce(debounce));
    }

    static SiteWatcher start(Path root, HtmlPages pages, PageUpdates updates, SiteWatcherConfig config)
            throws IOException {
        checkNotNull(root, "root");
        checkNotNull(pages, "pages");
        SiteWatcherConfig c = checkNotNull(config, "config").snapshot();
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        Path real = root.toRealPath(); // the watch service reports real paths on some systems (macOS)
        SiteChanges changes = new SiteChanges(real, pages, updates, c.listener());
        Debouncer debouncer = new Debouncer(c.debounce(), "dx-reload", changes::apply);
        ExecutorService eventThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dx-reload-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            DirectoryWatcher watcher = DirectoryWatcher.builder()
                    .path(real)
                    .listener(new Events(real, debouncer))
                    .fileHashing(false)
                    .build();
            watcher.watchAsync(eventThread) // registers the directories before it returns
                    .whenComplete((done, failure) -> {
                        if (failure != null && !watcher.isClosed()) {
                            LOG.warn("stopped watching {}: pages will no longer be told of changes", real, failure);
                        }
                    });
            return new SiteWatcher(real, watcher, eventThread, debouncer);
        } catch (IOException | RuntimeException e) {
            eventThread.shutdownNow();
            debouncer.close();
            throw e;
        }
    }

    /** The directory watched (its real path). */
    public Path root() {
        return root;
    }

    /** Stops watching; changes still waiting for the debounce are dropped. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.warn("closing the watcher of {} failed", root, e);
        } finally {
            eventThread.shutdownNow();
            debouncer.close();
        }
    }

    /** Feeds the watcher's events to the debouncer, stamped with the time they arrived. */
    private static final class Events implements DirectoryChangeListener {
        private final Path root;
        private final Debouncer debouncer;

        Events(Path root, Debouncer debouncer) {
            this.root = root;
            this.debouncer = debouncer;
        }

        @Override
        public void onEvent(DirectoryChangeEvent event) {
            long now = System.nanoTime();
            Path path = event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || event.path() == null
                    ? root // SiteChanges reads the root itself as "anything may have changed"
                    : event.path();
            debouncer.record(path, now);
        }

        @Override
        public void onException(Exception e) {
            LOG.warn("watching {} failed", root, e);
        }
    }
}
