package dev.dx.devserver.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a batch of changed files means for the open pages, and pushes it:
 * <ul>
 *   <li>a changed {@code .css} file: a {@code css} event to every page;</li>
 *   <li>a changed {@code .html} (or {@code .htm}) file: diffed against the version of it that was served
 *       last ({@link HtmlPages}); patches, or a reload, to the pages that show it, nothing to the others;</li>
 *   <li>anything else (another kind of file changed, a file added or deleted): one reload of every page,
 *       which covers the whole batch.</li>
 * </ul>
 * A file is "changed" when it existed before the batch and still does, whatever events said so (an editor
 * that saves by renaming a new file over the old one causes a create). Files and directories whose name
 * starts with {@code .} or {@code #}, or ends with {@code ~}, {@code .swp}, {@code .swx}, {@code .tmp}, and
 * vim's probe file {@code 4913}, are editors' scratch files: they are ignored.
 *
 * <p>Runs on the {@link Debouncer}'s thread only.
 */
final class SiteChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SiteChanges.class);

    private final Path root;
    private final HtmlPages pages;
    private final PageUpdates updates;
    private final ReloadListener listener;
    /** The regular files under the root, as far as the batches so far have told. */
    private final Set<Path> known = new HashSet<>();

    SiteChanges(Path root, HtmlPages pages, PageUpdates updates, ReloadListener listener) {
        this.root = root;
        this.pages = pages;
        this.updates = updates;
        this.listener = listener;
        rescan();
    }

    /** Forgets what it knew and lists the site's files again. */
    void rescan() {
        known.clear();
        known.addAll(filesUnder(root));
    }

    /** One change: the file, its path as served and the time of its first event. */
    private record Change(Path file, String served, long firstEvent) {
    }

    /** Pushes what the batch ({@code file → time of its first event}) means for the pages. */
    void apply(Map<Path, Long> batch) {
        List<Change> css = new ArrayList<>();
        List<Change> html = new ArrayList<>();
        List<Change> other = new ArrayList<>();
        String reload = null;
        for (Map.Entry<Path, Long> e : batch.entrySet()) {
            Path file = e.getKey();
            if (file.equals(root)) { // the watcher lost events: anything may have changed
                rescan();
                reload = "the watcher missed changes";
                continue;
            }
            if (!file.startsWith(root) || isScratch(root.relativize(file))) {
                continue;
            }
            Change change = new Change(file, servedPath(file), e.getValue());
            String what = classify(change, css, html);
            if (what != null) {
                other.add(change);
                reload = reload == null ? what : reload;
            }
        }
        if (reload != null) {
            int changes = css.size() + html.size() + other.size();
            int n = updates.reloadAll(changes > 1 ? reload + " (and " + (changes - 1) + " more changes)" : reload);
            for (List<Change> list : List.of(css, html, other)) {
                for (Change c : list) {
                    report(c, ReloadPush.Action.RELOAD, n);
                }
            }
            return;
        }
        for (Change c : css) {
            report(c, ReloadPush.Action.CSS, updates.css(c.served()));
        }
        for (Change c : html) {
            pushHtml(c);
        }
    }

    /**
     * Adds a changed stylesheet or page to {@code css} or {@code html}; returns why every page must reload
     * instead, or {@code null}.
     */
    private String classify(Change c, List<Change> css, List<Change> html) {
        Path file = c.file();
        if (Files.isDirectory(file)) { // a new directory: its files are new
            List<Path> added = new ArrayList<>();
            for (Path p : filesUnder(file)) {
                if (known.add(p)) {
                    added.add(p);
                }
            }
            return added.isEmpty() ? null : "new file " + servedPath(added.get(0));
        }
        boolean exists = Files.isRegularFile(file);
        if (exists && known.contains(file)) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".css")) {
                css.add(c);
                return null;
            }
            if (name.endsWith(".html") || name.endsWith(".htm")) {
                html.add(c);
                return null;
            }
            return "changed " + c.served();
        }
        if (exists) {
            known.add(file);
            return "new file " + c.served();
        }
        // gone: a file, a directory with files, or a scratch file that came and went
        boolean removed = known.remove(file) | known.removeIf(p -> p.startsWith(file));
        return removed ? "deleted " + c.served() : null;
    }

    private void pushHtml(Change c) {
        String page = c.served();
        Document after;
        try {
            after = HtmlPages.parse(Files.readAllBytes(c.file()));
        } catch (IOException e) {
            report(c, ReloadPush.Action.RELOAD, updates.reload(page, "cannot read " + page + ": " + e.getMessage()));
            return;
        }
        Document before = pages.lastServed(page);
        if (before == null) { // never served: no page can show it, unless the server restarted since
            report(c, ReloadPush.Action.RELOAD, updates.reload(page, page + " changed"));
            return;
        }
        PageDiff diff = HtmlDiff.diff(before, after);
        pages.replaceServed(page, before, after);
        if (diff.isUnchanged()) {
            report(c, ReloadPush.Action.NONE, 0);
        } else if (diff.isStructural()) {
            report(c, ReloadPush.Action.RELOAD, updates.reload(page, page + ": " + diff.reason()));
        } else {
            report(c, ReloadPush.Action.PATCH, updates.patch(page, diff.patches()));
        }
    }

    private void report(Change c, ReloadPush.Action action, int pagesTold) {
        ReloadPush push = new ReloadPush(c.served(), action, pagesTold, System.nanoTime() - c.firstEvent());
        try {
            listener.pushed(push);
        } catch (RuntimeException e) {
            LOG.warn("the reload listener failed on {}", push, e);
        }
    }

    /** The path under which the files package serves {@code file}: {@code /} and the path from the root. */
    String servedPath(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            sb.append('/').append(part);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /** Whether a path (relative to the root) is, or is in, an editor's scratch file or a hidden directory. */
    static boolean isScratch(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name.endsWith(".swp")
                    || name.endsWith(".swx") || name.endsWith(".tmp") || name.equals("4913")) {
                return true;
            }
        }
        return false;
    }

    private List<Path> filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !isScratch(root.relativize(p))).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot list the files under {}", dir, e);
            return List.of();
        }
    }
}
