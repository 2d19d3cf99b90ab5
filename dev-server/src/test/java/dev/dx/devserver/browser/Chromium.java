package dev.dx.devserver.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven over the DevTools protocol: one browser process with its own
 * temporary profile and one page. Test scope only.
 *
 * <pre>
 * try (Chromium browser = Chromium.launch()) {
 *     browser.navigate("http://127.0.0.1:8080/_dx/test.html");
 *     browser.waitFor("window.__dxTestResults !== undefined", Duration.ofSeconds(30));
 *     Object results = browser.evaluate("window.__dxTestResults");   // JSON as Map / List / String / Long ...
 *     browser.screenshot(Path.of("target/page.png"));
 * }
 * </pre>
 *
 * <p>The binary is {@code /usr/bin/chromium} (system property {@code dx.chromium} names another). When
 * it is missing, {@link #launch()} fails with a message saying how to install it ({@code .ci/run} or
 * {@code apt-get install chromium}): browser tests fail rather than skip. {@link #close()} closes the
 * browser, kills the process tree if it lingers and deletes the profile directory. Console messages
 * and uncaught exceptions of the page are collected in {@link #console()}.
 */
public final class Chromium implements AutoCloseable {

    /** The default binary, from Debian's {@code chromium} package. */
    public static final String DEFAULT_BINARY = "/usr/bin/chromium";
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final Deque<String> output = new ArrayDeque<>();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private DevToolsConnection devTools;
    private String session;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Launches chromium headless with a fresh profile and attaches to a new blank page. */
    public static Chromium launch() throws IOException {
        Path binary = binary();
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("chromium not found at " + binary + ": the browser tests need Debian's "
                    + "chromium; run .ci/run (it installs it) or apt-get install -y chromium");
        }
        Path profile = Files.createTempDirectory("dx-chromium-");
        List<String> command = List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        Chromium browser = new Chromium(process, profile);
        try {
            browser.attach(browser.awaitDevToolsUrl(Duration.ofSeconds(30)));
            return browser;
        } catch (IOException | RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /**
     * The {@code dx.chromium} property if set; else Debian's chromium; else Google Chrome where a machine has
     * it instead (GitHub's Ubuntu runners, whose {@code chromium} package is only a snap wrapper).
     */
    private static Path binary() {
        String property = System.getProperty("dx.chromium");
        if (property != null) {
            return Paths.get(property);
        }
        Path debian = Paths.get(DEFAULT_BINARY);
        Path chrome = Paths.get("/usr/bin/google-chrome");
        return !Files.isExecutable(debian) && Files.isExecutable(chrome) ? chrome : debian;
    }

    /** Reads stderr until the DevTools line; keeps reading it afterwards so chromium never blocks on it. */
    private URI awaitDevToolsUrl(Duration timeout) throws IOException {
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 50) {
                            output.removeFirst();
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IOException("chromium exited before listening"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("chromium did not print its DevTools URL within " + timeout + "; its output:\n"
                    + String.join("\n", recentOutput()), e);
        }
    }

    private List<String> recentOutput() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    private void attach(URI browserUrl) throws IOException {
        devTools = DevToolsConnection.open(browserUrl, this::event, COMMAND_TIMEOUT);
        String target = (String) devTools.send("Target.createTarget", Map.of("url", "about:blank"), null, COMMAND_TIMEOUT)
                .get("targetId");
        session = (String) devTools.send("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null,
                COMMAND_TIMEOUT).get("sessionId");
        command("Page.enable", Map.of());
        command("Runtime.enable", Map.of());
    }

    @SuppressWarnings("unchecked")
    private void event(Map<String, Object> message) {
        Object method = message.get("method");
        Map<String, Object> params = (Map<String, Object>) message.getOrDefault("params", Map.of());
        if ("Runtime.consoleAPICalled".equals(method)) {
            StringBuilder line = new StringBuilder(String.valueOf(params.get("type")));
            for (Object arg : (List<Object>) params.getOrDefault("args", List.of())) {
                Map<String, Object> a = (Map<String, Object>) arg;
                line.append(' ').append(a.containsKey("value") ? a.get("value") : a.getOrDefault("description", a.get("type")));
            }
            console.add(line.toString());
        } else if ("Runtime.exceptionThrown".equals(method)) {
            Map<String, Object> details = (Map<String, Object>) params.getOrDefault("exceptionDetails", Map.of());
            Map<String, Object> exception = (Map<String, Object>) details.getOrDefault("exception", Map.of());
            console.add("exception " + exception.getOrDefault("description", details.get("text")));
        }
    }

    /** Sends a DevTools command to the page and returns its result. */
    public Map<String, Object> command(String method, Map<String, Object> params) throws IOException {
        return devTools.send(method, params, session, COMMAND_TIMEOUT);
    }

    /** Loads {@code url} in the page and waits until its document has loaded. */
    public void navigate(String url) throws IOException {
        Map<String, Object> result = command("Page.navigate", Map.of("url", url));
        if (result.get("errorText") != null) {
            throw new IOException("cannot load " + url + ": " + result.get("errorText"));
        }
        waitFor("document.readyState === 'complete' && location.href === " + Json.write(url), Duration.ofSeconds(30));
    }

    /**
     * Evaluates {@code js} in the page (a promise is awaited) and returns its value as JSON: Map, List,
     * String, Long, Double, Boolean or null. A thrown exception is an IOException with its description.
     */
    @SuppressWarnings("unchecked")
    public Object evaluate(String js) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("expression", js);
        params.put("awaitPromise", true);
        params.put("returnByValue", true);
        Map<String, Object> result = command("Runtime.evaluate", params);
        Map<String, Object> details = (Map<String, Object>) result.get("exceptionDetails");
        if (details != null) {
            Map<String, Object> exception = (Map<String, Object>) details.getOrDefault("exception", Map.of());
            throw new IOException("evaluate(" + js + ") threw " + exception.getOrDefault("description", details.get("text")));
        }
        return ((Map<String, Object>) result.getOrDefault("result", Map.of())).get("value");
    }

    /** Polls {@code jsCondition} until it is truthy; fails after {@code timeout} naming the condition. */
    public void waitFor(String jsCondition, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(evaluate("!!(" + jsCondition + ")"))) {
            if (System.nanoTime() > end) {
                throw new IOException("timed out after " + timeout + " waiting for " + jsCondition
                        + "; console:\n" + String.join("\n", console));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + jsCondition, e);
            }
        }
    }

    /** Saves a PNG of the page's viewport to {@code file}. */
    public void screenshot(Path file) throws IOException {
        String data = (String) command("Page.captureScreenshot", Map.of("format", "png")).get("data");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, Base64.getDecoder().decode(data));
    }

    /** The page's console messages and uncaught exceptions so far, one line each. */
    public List<String> console() {
        return List.copyOf(console);
    }

    /** Whether the browser process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The browser's profile directory (deleted by {@link #close()}). */
    public Path profile() {
        return profile;
    }

    /** Closes the browser, kills whatever of its process tree is left, deletes the profile. */
    @Override
    public void close() {
        if (devTools != null) {
            try {
                devTools.send("Browser.close", Map.of(), null, Duration.ofSeconds(5));
            } catch (IOException e) {
                // the connection drops as the browser exits, or it is already gone: killed below
            }
            devTools.close();
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // helpers (zygote, utility processes) may outlive the browser for a while: kill them all, then wait once
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        // (onExit of a process that is not our child polls slowly; isAlive answers at once)
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the chromium profile " + root, e);
        }
    }
}
