package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classification of a batch of changes, without a watcher: each batch is handed over by hand. */
class SiteChangesTest {

    @TempDir
    Path site;

    private final HtmlPages pages = new HtmlPages();
    private final RecordingUpdates hub = new RecordingUpdates();
    private final List<ReloadPush> pushes = new ArrayList<>();
    private SiteChanges changes;

    @BeforeEach
    void site() throws IOException {
        Files.createDirectories(site.resolve("docs"));
        write("docs/a.html", "<p>a</p>");
        write("docs/b.css", "p{}");
        write("index.html", "<h1>x</h1>");
        changes = new SiteChanges(site.toRealPath(), pages, hub, pushes::add);
    }

    private void write(String path, String content) throws IOException {
        Files.writeString(site.resolve(path), content, StandardCharsets.UTF_8);
    }

    private void apply(String... paths) throws IOException {
        Map<Path, Long> batch = new LinkedHashMap<>();
        for (String p : paths) {
            batch.put(p.isEmpty() ? site.toRealPath() : site.toRealPath().resolve(p), System.nanoTime());
        }
        changes.apply(batch);
    }

    private List<String> lines() {
        List<String> out = new ArrayList<>();
        hub.lines.drainTo(out);
        return out;
    }

    @Test
    void stylesheetsAndPagesInOneBatchEachGetTheirPush() throws IOException {
        pages.rewrite("/docs/a.html", Files.readAllBytes(site.resolve("docs/a.html")));
        write("docs/a.html", "<p>b</p>");
        apply("docs/b.css", "docs/a.html", "index.html");
        assertThat(lines()).containsExactly("css /docs/b.css",
                "patch /docs/a.html 2100000005000000" + "01040000" + "62",
                "reload /index.html /index.html changed"); // never served here
        assertThat(pushes).extracting(ReloadPush::action).containsExactly(
                ReloadPush.Action.CSS, ReloadPush.Action.PATCH, ReloadPush.Action.RELOAD);
    }

    @Test
    void oneReloadCoversTheWholeBatch() throws IOException {
        write("app.js", "1");
        apply("docs/b.css", "app.js", "docs/a.html");
        assertThat(lines()).containsExactly("reloadAll new file /app.js (and 2 more changes)");
        assertThat(pushes).extracting(ReloadPush::path).containsExactly("/docs/b.css", "/docs/a.html", "/app.js");
        assertThat(pushes).extracting(ReloadPush::action).containsOnly(ReloadPush.Action.RELOAD);
    }

    @Test
    void directoriesAddedAndDeleted() throws IOException {
        Files.createDirectories(site.resolve("img/icons"));
        apply("img"); // empty: nothing a page could show
        assertThat(lines()).isEmpty();
        Files.write(site.resolve("img/icons/x.png"), new byte[] {1});
        apply("img");
        assertThat(lines()).containsExactly("reloadAll new file /img/icons/x.png");
        Files.delete(site.resolve("img/icons/x.png"));
        Files.delete(site.resolve("img/icons"));
        Files.delete(site.resolve("img"));
        apply("img");
        assertThat(lines()).containsExactly("reloadAll deleted /img");
    }

    @Test
    void scratchFilesAndPathsOutsideTheSiteAreIgnored() throws IOException {
        write(".a.html.swp", "x");
        write("#a.html#", "x");
        write("a.html~", "x");
        write("4913", "x");
        write("docs/x.tmp", "x");
        apply(".a.html.swp", "#a.html#", "a.html~", "4913", "docs/x.tmp", "gone.swx");
        changes.apply(Map.of(site.getParent().resolve("elsewhere.css"), 0L));
        assertThat(lines()).isEmpty();
        assertThat(pushes).isEmpty();
        assertThat(SiteChanges.isScratch(Path.of("docs/.git/HEAD"))).isTrue();
        assertThat(SiteChanges.isScratch(Path.of("docs/a.html"))).isFalse();
    }

    @Test
    void anOverflowReloadsEveryPageAndListsTheSiteAgain() throws IOException {
        write("new.css", "p{}"); // an event the watcher lost
        apply("");
        assertThat(lines()).containsExactly("reloadAll the watcher missed changes");
        apply("new.css"); // known since the rescan: an edit
        assertThat(lines()).containsExactly("css /new.css");
    }

    @Test
    void servedPathsUseSlashes() throws IOException {
        Path root = site.toRealPath();
        assertThat(changes.servedPath(root.resolve("docs").resolve("a.html"))).isEqualTo("/docs/a.html");
        assertThat(changes.servedPath(root)).isEqualTo("/");
    }
}
