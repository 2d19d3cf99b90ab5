package dev.dx.devserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every way {@code dx-dev} refuses its arguments: one clear line on standard error and a non-zero exit. */
@Timeout(60)
class DxDevArgumentsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = DxDev.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void assertOneLineError(int code, int expectedCode, String... fragments) {
        assertThat(code).isEqualTo(expectedCode);
        String e = err.toString().strip();
        assertThat(e.lines()).as("stderr: %s", e).hasSize(1);
        assertThat(e).startsWith("dx-dev: ");
        for (String f : fragments) {
            assertThat(e).contains(f);
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void noCommand() {
        assertOneLineError(run(), DxDev.EXIT_USAGE, "missing command", "dx-dev serve");
    }

    @Test
    void unknownCommand() {
        assertOneLineError(run("serf"), DxDev.EXIT_USAGE, "serf");
    }

    @Test
    void unknownOption() {
        assertOneLineError(run("serve", "--prot", "80"), DxDev.EXIT_USAGE, "--prot", "dx-dev serve --help");
    }

    @Test
    void portThatIsNotANumber() {
        assertOneLineError(run("serve", "--port", "eighty"), DxDev.EXIT_USAGE, "--port", "eighty");
    }

    @Test
    void portOutOfRange() {
        assertOneLineError(run("serve", "--port", "70000"), DxDev.EXIT_USAGE, "--port", "70000");
    }

    @Test
    void negativeWorkers() {
        assertOneLineError(run("serve", "--workers", "-1"), DxDev.EXIT_USAGE, "--workers");
    }

    @Test
    void unknownBackend() {
        assertOneLineError(run("serve", "--backend", "winsock"), DxDev.EXIT_USAGE, "--backend", "winsock");
    }

    @Test
    void unavailableBackend() {
        assertOneLineError(run("serve", "--backend", "iocp"), DxDev.EXIT_USAGE, "IOCP", "not available");
    }

    @Test
    void twoDirectories(@TempDir Path a) {
        assertOneLineError(run("serve", a.toString(), a.toString()), DxDev.EXIT_USAGE, "Unmatched argument");
    }

    @Test
    void missingDirectory(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-site");
        assertOneLineError(run("serve", missing.toString()), DxDev.EXIT_USAGE, "no such directory", "no-such-site");
    }

    @Test
    void aFileIsNotADirectory(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("index.html"), "<p>hi</p>");
        assertOneLineError(run("serve", file.toString()), DxDev.EXIT_USAGE, "no such directory");
    }

    @Test
    void busyPort(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<p>hi</p>");
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = run("serve", site.toString(), "--port", Integer.toString(busy.getLocalPort()),
                    "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
            assertThat(code).isEqualTo(DxDev.EXIT_FAILED);
            String e = err.toString().strip();
            assertThat(e.lines()).as("stderr: %s", e).hasSize(1);
            assertThat(e).startsWith("dx-dev: cannot listen on 127.0.0.1:" + busy.getLocalPort()).contains("--port");
        }
    }

    @Test
    void helpExitsZero() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--port", "--jdbc-url", "--workers", "--backend", "DIR");
    }
}
