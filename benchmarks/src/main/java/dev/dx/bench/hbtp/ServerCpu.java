package dev.dx.bench.hbtp;

import dev.dx.bench.load.MeasurementWindow;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The CPU time a process (a load server, or the load generator itself) spent during a load run's
 * measurement window, sampled from the OS (user + system time of every thread) at exactly the window's
 * edges ({@link #window(ProcessHandle)}). Divided by the requests served, it gives the CPU cost per
 * request, which stays meaningful when the load generator, not the server, limits the request rate (as it
 * does without pipelining on a 2-core machine).
 */
final class ServerCpu {

    /** The fields of {@code /proc/<pid>/io} that {@link Window#io()} reports, in its order. */
    private static final List<String> IO_FIELDS = List.of("syscr", "syscw", "rchar", "wchar");

    private ServerCpu() {
    }

    /**
     * The server's CPU time over exactly a load run's measured window: set it as the run's
     * {@link dev.dx.bench.load.LoadConfig#window(MeasurementWindow)}, read {@link Window#seconds()} after.
     */
    static Window window(ProcessHandle server) {
        return new Window(server);
    }

    /**
     * The CPU time of one process between {@link #opened()} and {@link #closed()}, and on Linux its
     * read and write system calls ({@code syscr}, {@code syscw} of {@code /proc/<pid>/io}: read, readv,
     * write, writev and the like, not epoll_wait nor io_uring_enter).
     */
    static final class Window implements MeasurementWindow {
        private final ProcessHandle server;
        private long startNanos = -1;
        private long endNanos = -1;
        private long[] startIo;
        private long[] endIo;

        private Window(ProcessHandle server) {
            this.server = server;
        }

        @Override
        public void opened() {
            startIo = ioCounters(server);
            startNanos = cpuNanos(server);
        }

        @Override
        public void closed() {
            endNanos = cpuNanos(server);
            endIo = ioCounters(server);
        }

        /**
         * {syscr, syscw, rchar, wchar, sleeps} in the window: read and write system calls, the bytes they
         * moved, and the voluntary context switches of all the process's threads (each time a thread
         * blocked: for an event loop, each wait for I/O); {@code null} where {@code /proc} cannot be read.
         */
        long[] io() {
            if (startIo == null || endIo == null) {
                return null;
            }
            long[] d = new long[startIo.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = endIo[i] - startIo[i];
            }
            return d;
        }

        /** The CPU seconds between the two samples. */
        double seconds() {
            if (startNanos < 0 || endNanos < 0) {
                throw new IllegalStateException("the window was not opened and closed");
            }
            return (endNanos - startNanos) / 1e9;
        }
    }

    /**
     * {syscr, syscw, rchar, wchar, sleeps} of {@code server} (see {@link Window#io()}), or {@code null}
     * without {@code /proc}.
     */
    private static long[] ioCounters(ProcessHandle server) {
        Path proc = Path.of("/proc", Long.toString(server.pid()));
        try {
            long[] v = new long[5];
            for (String line : Files.readAllLines(proc.resolve("io"))) {
                int colon = line.indexOf(':');
                int i = IO_FIELDS.indexOf(line.substring(0, colon));
                if (i >= 0) {
                    v[i] = Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    v[4] += voluntarySwitches(task.resolve("status"));
                }
            }
            return v;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code voluntary_ctxt_switches} of one thread's status file; 0 if the thread has gone. */
    private static long voluntarySwitches(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            // the thread ended between the listing and the read
        }
        return 0;
    }

    private static long cpuNanos(ProcessHandle server) {
        return server.info().totalCpuDuration().map(Duration::toNanos)
                .orElseThrow(() -> new IllegalStateException("the OS does not report the server's CPU time"));
    }
}
