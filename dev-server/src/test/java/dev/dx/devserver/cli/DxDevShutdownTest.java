package dev.dx.devserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dx-dev serve} as a user runs it: a separate JVM on the bundled demo site with the embedded
 * PostgreSQL, stopped with SIGINT to its process group (what Ctrl-C in a terminal does). It must print the backend, workers and URLs,
 * serve the page, say it stopped, and leave no file in its temporary directory and no PostgreSQL running.
 */
@EnabledOnOs(OS.LINUX) // setsid
class DxDevShutdownTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void ctrlCStopsCleanlyAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
        Path cache = Files.createDirectory(tmp.resolve("pg-cache"));
        // its own process group, as a terminal's foreground job: Ctrl-C sends SIGINT to the whole group,
        // the JVM and the PostgreSQL it started alike. SIGINT back to its default first: a build started in
        // the background by a shell script inherits it ignored, and a JVM that starts with SIGINT ignored
        // never runs its shutdown hooks on it
        List<String> command = List.of("setsid", "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmpdir,
                "-Dot.epg.working-dir=" + cache, // zonky's binaries cache, kept between runs on purpose
                "-cp", System.getProperty("java.class.path"),
                DxDev.class.getName(), "serve", "--port", "0", "--workers", "1");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = new ArrayList<>();
        Thread reader = new Thread(() -> pump(p, lines), "dx-dev-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String pageUrl = null;
            for (String line; (line = lines.poll(150, TimeUnit.SECONDS)) != null; ) {
                all.add(line);
                if (line.strip().startsWith("page:")) {
                    pageUrl = line.strip().substring("page:".length()).strip();
                }
                if (line.contains("Ctrl-C stops it")) {
                    break;
                }
            }
            String out = String.join("\n", all);
            assertThat(out).as(out).contains("backend:", "workers:", "page:", "hbtp:", "ws://");
            assertThat(pageUrl).as(out).startsWith("http://127.0.0.1:");

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(pageUrl)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("dx-dev demo", "/_dx/runtime.js");

            new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
            reader.join(5_000);
            for (String line; (line = lines.poll()) != null; ) {
                all.add(line);
            }
            out = String.join("\n", all);
            assertThat(out).as(out).contains("dx-dev: stopped").doesNotContain("Exception", "ERROR");
            try (Stream<Path> left = Files.list(tmpdir)) {
                assertThat(left).as("files left in java.io.tmpdir; output:\n%s", out).isEmpty();
            }
            assertThat(postgresProcessesUnder(tmp)).as("postgres processes left").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void pump(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }

    private static List<String> postgresProcessesUnder(Path dir) {
        String d = dir.toString();
        return ProcessHandle.allProcesses()
                .map(h -> h.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains("postgres") && cmd.contains(d))
                .toList();
    }
}
