package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counters {@link AlternatingLoad} divides by the requests of a slice: sampled over this process,
 * each one moves by what the test did inside the window, and only then.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerCpuWindowTest {

    @Test
    void countsCpuReadsBytesAndWaitsInsideTheWindow(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/proc/self/io")).as("Linux /proc").exists();
        Path file = dir.resolve("data");
        Files.write(file, new byte[100_000]);
        ServerCpu.Window window = ServerCpu.window(ProcessHandle.current());
        window.opened();
        long spin = System.nanoTime() + 50_000_000; // 50 ms of CPU
        long sink = 0;
        while (System.nanoTime() < spin) {
            sink++;
        }
        int reads = 0;
        for (int i = 0; i < 20; i++) {
            reads += readAll(file);
        }
        for (int i = 0; i < 200; i++) {
            Thread.sleep(1); // each sleep blocks this thread: a voluntary context switch
        }
        window.closed();

        assertThat(sink).isPositive();
        assertThat(window.seconds()).isGreaterThanOrEqualTo(0.04);
        long[] io = window.io();
        assertThat(io).hasSize(5);
        assertThat(io[0]).as("read system calls").isGreaterThanOrEqualTo(reads);
        assertThat(io[2]).as("bytes read").isGreaterThanOrEqualTo(20 * 100_000L);
        // at least one per sleep (preemptions, the involuntary kind, are far fewer in a quarter second)
        assertThat(io[4]).as("voluntary context switches").isGreaterThanOrEqualTo(200);
    }

    @Test
    void aWindowNotClosedHasNoFigures() {
        ServerCpu.Window window = ServerCpu.window(ProcessHandle.current());
        window.opened();
        assertThat(window.io()).isNull();
        assertThatIllegalStateException().isThrownBy(window::seconds)
                .withMessageContaining("not opened and closed");
    }

    /** Reads {@code file} through one stream; returns the number of read calls made. */
    private static int readAll(Path file) throws IOException {
        int calls = 0;
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buf) > 0) {
                calls++;
            }
        }
        return calls;
    }
}
