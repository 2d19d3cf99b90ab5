package dev.dx.bench.hbtp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadServer} in a child JVM pinned with {@code taskset}, as the load tools start it: the same
 * JVM binary (unless the system property {@code server.java} names another {@code java}) and class path as
 * this one, a 512 MiB heap, leak detection off, plus the flags in the system property
 * {@code server.jvm.flags} (space-separated). A separate server JVM lets the load generator run on the
 * JDK that serves it fastest (JDK 25's TLS seals ChaCha20-Poly1305 with an intrinsic) while the server
 * runs on the JDK under test. The child prints {@code ready <port>} once it
 * listens and stops when it reads {@code quit}.
 */
final class LoadServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private LoadServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code LoadServer <mode> 0 <threads> <transport>} on {@code cpus} and waits until it listens. */
    static LoadServerProcess start(String cpus, String mode, int threads, String transport) throws Exception {
        return start(cpus, mode, threads, transport, List.of());
    }

    /** As {@link #start(String, String, int, String)}, with {@code jvmFlags} after {@code server.jvm.flags}. */
    static LoadServerProcess start(String cpus, String mode, int threads, String transport, List<String> jvmFlags)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cpus,
                serverJava(),
                "-Xms512m", "-Xmx512m", "-Dio.netty.leakDetection.level=disabled"));
        String extra = System.getProperty("server.jvm.flags");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.split(" ")));
        }
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadServer.class.getName(), mode, "0",
                String.valueOf(threads), transport));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new LoadServerProcess(p, awaitReady(p));
        } catch (Exception | Error e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The {@code java} the server runs on: {@code server.java}, or this JVM's own. */
    static String serverJava() {
        return System.getProperty("server.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Reads the child's stdout up to {@code ready <port>} and returns the port. */
    private static int awaitReady(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("ready ")) {
            line = out.readLine(); // e.g. a profiler agent's banner
        }
        if (line == null) {
            throw new IllegalStateException("server exited before printing ready");
        }
        return Integer.parseInt(line.substring(6));
    }

    /** The port the server listens on, on 127.0.0.1. */
    int port() {
        return port;
    }

    /** The child process, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Asks the server to quit; kills it if it has not exited after 15 s. */
    @Override
    public void close() throws Exception {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write("quit\n");
        in.flush();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
