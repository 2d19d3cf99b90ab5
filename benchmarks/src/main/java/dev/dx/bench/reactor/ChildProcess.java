package dev.dx.bench.reactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** A JVM child process on given CPUs ({@code taskset -c} on Linux), driven by lines on stdin and stdout. */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code mainClass} with this JVM's class path under {@code taskset -c cpus}; unpinned when
     * {@code cpus} is {@code none} or the OS is not Linux (no {@code taskset}).
     */
    static ChildProcess start(String cpus, List<String> jvmFlags, String mainClass, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (pins(cpus)) {
            cmd.add("taskset");
            cmd.add("-c");
            cmd.add(cpus);
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        System.out.println("  $ " + String.join(" ", cmd).replace(System.getProperty("java.class.path"), "<cp>"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildProcess(pb.start());
    }

    static boolean pins(String cpus) {
        return !cpus.equals("none")
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    String await(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child exited before printing " + prefix);
    }

    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    @Override
    public void close() throws Exception {
        try {
            send("quit");
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
