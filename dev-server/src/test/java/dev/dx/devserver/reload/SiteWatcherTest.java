package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real watcher on a temporary site: each kind of edit becomes the right push. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SiteWatcherTest {

    private static final String INDEX = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/css/site.css\">"
            + "</head><body><h1>Hello</h1><p class=\"a\">text</p></body></html>";

    @TempDir
    Path site;

    /** Longer than the default, so that a write's two events (truncate, then write) meet even on a busy machine. */
    private static final Duration DEBOUNCE = Duration.ofMillis(100);

    private final HtmlPages pages = new HtmlPages();
    private final RecordingUpdates hub = new RecordingUpdates();
    private final BlockingQueue<ReloadPush> pushes = new LinkedBlockingQueue<>();
    private SiteWatcher watcher;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(site.resolve("css"));
        write("css/site.css", "h1 { color: red }");
        write("index.html", INDEX);
        write("app.js", "console.log(1)");
        pages.rewrite("/", Files.readAllBytes(site.resolve("index.html"))); // a browser has the page open
        watcher = SiteWatcher.start(site, pages, hub, new SiteWatcherConfig().debounce(DEBOUNCE).listener(pushes::add));
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    private void write(String path, String content) throws IOException {
        Files.writeString(site.resolve(path), content, StandardCharsets.UTF_8);
    }

    private ReloadPush nextPush() throws InterruptedException {
        ReloadPush push = pushes.poll(20, TimeUnit.SECONDS);
        assertThat(push).as("a reported push within 20 s").isNotNull();
        return push;
    }

    @Test
    void aStylesheetEditIsACssEventAndItsTimeIsRecorded() throws Exception {
        write("css/site.css", "h1 { color: blue }");
        assertThat(hub.next()).isEqualTo("css /css/site.css");
        ReloadPush push = nextPush();
        assertThat(push.path()).isEqualTo("/css/site.css");
        assertThat(push.action()).isEqualTo(ReloadPush.Action.CSS);
        assertThat(push.pages()).isEqualTo(1);
        // the push waits for the site to be quiet for the debounce, counted from the (last) event
        assertThat(push.eventToPushNanos()).isGreaterThanOrEqualTo(DEBOUNCE.toNanos());
    }

    @Test
    void aTextEditIsAPatchToThePagesThatShowIt() throws Exception {
        write("index.html", INDEX.replace("Hello", "Hi").replace("class=\"a\"", "class=\"b\""));
        // h1 = element 5, p = 6 (html 1, head 2, link 3, body 4)
        assertThat(hub.next()).isEqualTo("patch /index.html "
                + "2100000006000000" + "01050000" + "4869"
                + "220000000c000000" + "00060000" + "0500" + "636c617373" + "62");
        assertThat(nextPush().action()).isEqualTo(ReloadPush.Action.PATCH);
        // the pages have the new version now: the next edit is diffed against it
        write("index.html", INDEX.replace("Hello", "Hey").replace("class=\"a\"", "class=\"b\""));
        assertThat(hub.next()).isEqualTo("patch /index.html " + "2100000007000000" + "01050000" + "486579");
    }

    @Test
    void aStructuralEditReloadsThePagesThatShowIt() throws Exception {
        write("index.html", INDEX.replace("<h1>Hello</h1>", "<h1>Hello</h1><h2>more</h2>"));
        assertThat(hub.next()).isEqualTo("reload /index.html /index.html: the page has 7 elements, it had 6");
        assertThat(nextPush().action()).isEqualTo(ReloadPush.Action.RELOAD);
    }

    @Test
    void anEditThatShowsNothingNewSendsNothing() throws Exception {
        write("index.html", INDEX.replace("</body>", "<!-- a note --></body>"));
        ReloadPush push = nextPush();
        assertThat(push.action()).isEqualTo(ReloadPush.Action.NONE);
        assertThat(push.pages()).isZero();
        assertThat(hub.lines).isEmpty();
    }

    @Test
    void aPageNeverServedIsReloadedWhereverItIsShown() throws Exception {
        write("other.html", "<p>x</p>"); // new: every page reloads
        assertThat(hub.next()).isEqualTo("reloadAll new file /other.html");
        write("other.html", "<p>y</p>");
        assertThat(hub.next()).isEqualTo("reload /other.html /other.html changed");
    }

    @Test
    void anAddedFileReloadsEveryPage() throws Exception {
        Files.createDirectories(site.resolve("img"));
        Files.write(site.resolve("img/logo.png"), new byte[] {1, 2, 3});
        assertThat(hub.next()).startsWith("reloadAll new file /img/logo.png");
    }

    @Test
    void aScriptEditOrADeletionReloadsEveryPage() throws Exception {
        write("app.js", "console.log(2)");
        assertThat(hub.next()).isEqualTo("reloadAll changed /app.js");
        Files.delete(site.resolve("css/site.css"));
        assertThat(hub.next()).isEqualTo("reloadAll deleted /css/site.css");
    }

    @Test
    void aSaveByRenameIsAnEditAndScratchFilesAreIgnored() throws Exception {
        Path tmp = site.resolve(".index.html.swp");
        Files.writeString(tmp, INDEX.replace("Hello", "Hi"));
        Files.move(tmp, site.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(hub.next()).isEqualTo("patch /index.html " + "2100000006000000" + "01050000" + "4869");
        write("index.html~", "backup");
        write(".index.html.swp", "swap");
        Files.createDirectories(site.resolve(".git"));
        write(".git/HEAD", "ref");
        write("css/site.css", "h1 { color: green }");
        assertThat(hub.next()).isEqualTo("css /css/site.css"); // nothing for the scratch files
    }

    @Test
    void theServersOverloadTakesADebounceOfZero() throws Exception {
        HtmlPages served = new HtmlPages(); // its own: what this watcher does shows in it
        served.rewrite("/index.html", Files.readAllBytes(site.resolve("index.html")));
        try (SiteWatcher w = SiteWatcher.start(site, Duration.ZERO, new ReloadHub(), served)) {
            assertThat(w.root()).isEqualTo(site.toRealPath());
            write("index.html", INDEX.replace("Hello", "Zero"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!served.lastServed("/index.html").select("h1").text().equals("Zero")) {
                assertThat(System.nanoTime()).as("the edit reaches the served version").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    @Test
    void refusesWhatIsNotADirectory() {
        assertThatThrownBy(() -> SiteWatcher.start(site.resolve("index.html"), pages, hub, new SiteWatcherConfig()))
                .isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> new SiteWatcherConfig().debounce(Duration.ofMillis(-1)))
                .hasMessage("debounce : PT-0.001S (expected: 0 to 10 s)");
        assertThatThrownBy(() -> new SiteWatcherConfig().debounce(Duration.ofSeconds(11)))
                .hasMessage("debounce : PT11S (expected: 0 to 10 s)");
        assertThat(new SiteWatcherConfig().debounce(Duration.ZERO).debounce()).isZero();
        SiteWatcherConfig c = new SiteWatcherConfig().debounce(Duration.ofMillis(5));
        SiteWatcherConfig snap = c.snapshot();
        c.debounce(Duration.ofMillis(7));
        assertThat(snap.debounce()).isEqualTo(Duration.ofMillis(5));
        assertThat(snap.listener()).isSameAs(ReloadListener.NONE);
    }
}
