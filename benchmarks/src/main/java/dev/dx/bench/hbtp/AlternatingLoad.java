package dev.dx.bench.hbtp;

import dev.dx.bench.load.LoadConfig;
import dev.dx.bench.load.LoadResult;
import dev.dx.bench.load.MeasurementWindow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two or more servers compared in short alternating slices, for a machine whose speed drifts between
 * runs of a minute (this project's 2-core VM does, by up to 1.5×). {@link HbtpVsHttp} starts one server
 * per run, so a comparison there spans minutes and every ratio carries the drift. Here every server is
 * started and warmed up once, then the load moves from one to the next every few seconds for many
 * cycles: the servers of one cycle share the machine's state of the same half-minute, and the ratio of
 * their CPU per request is taken within each cycle. A fresh set of JVMs per round shows how much one
 * JIT's choices weigh.
 *
 * <p>A server is {@code mode@transport}: a {@link LoadServer} mode ({@code hbtp}, {@code bare},
 * {@code hbtp-encrypted}, {@code bare-tls}, {@code hbtp-tls}, {@code http}; {@code bare-tls-chacha} and
 * {@code hbtp-tls-chacha} are the TLS servers with a client that offers only ChaCha20-Poly1305) on a
 * transport ({@code nio},
 * {@code epoll}, {@code io_uring}, {@code dx-io_uring}, {@code dx-epoll}). All servers run in child JVMs
 * on {@code --server-cpus}; the idle ones wait in their event loops. Each slice settles for
 * {@code --settle} seconds, unmeasured, then measures {@code --slice} seconds; the server's CPU time
 * is sampled at exactly the measured window's edges. JVM flags for one server alone follow its
 * {@code mode@transport}, each after a {@code /} ({@code hbtp@nio/-Dio.netty.allocator.type=pooled}).
 * The first server of a cycle rotates, so none always runs first. The first server named is the
 * reference of every ratio.
 *
 * <pre>
 * taskset -c 1 java -cp benchmarks/target/benchmarks.jar dev.dx.bench.hbtp.AlternatingLoad \
 *     --servers hbtp-encrypted@nio,bare-tls@nio,hbtp-tls@nio --depth 16 --connections 16 \
 *     --warmup 30 --settle 2 --slice 6 --cycles 10 --rounds 2 --server-cpus 0 --client-transport io_uring
 * </pre>
 */
public final class AlternatingLoad {

    private AlternatingLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<String> servers = List.of("hbtp@dx-io_uring", "hbtp@dx-epoll");
        int depth = 16;
        int connections = 16;
        int size = 64;
        int warmup = 30;
        int settle = 2;
        int slice = 6;
        int cycles = 10;
        int rounds = 2;
        String serverCpus = "0";
        LoadConfig.Transport clientTransport = LoadConfig.Transport.IO_URING;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--servers": servers = Arrays.asList(v.split(",")); break;
                case "--depth": depth = Integer.parseInt(v); break;
                case "--connections": connections = Integer.parseInt(v); break;
                case "--size": size = Integer.parseInt(v); break;
                case "--warmup": warmup = Integer.parseInt(v); break;
                case "--settle": settle = Integer.parseInt(v); break;
                case "--slice": slice = Integer.parseInt(v); break;
                case "--cycles": cycles = Integer.parseInt(v); break;
                case "--rounds": rounds = Integer.parseInt(v); break;
                case "--server-cpus": serverCpus = v; break;
                case "--client-transport": clientTransport = LoadConfig.Transport.of(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (servers.size() < 2) {
            throw new IllegalArgumentException("--servers needs two or more mode@transport, got " + servers);
        }
        System.out.println("# java " + System.getProperty("java.version") + ", servers " + servers + " on cpus "
                + serverCpus + ", depth " + depth + ", connections " + connections + ", size " + size
                + " B, warm-up " + warmup + " s each, slices of " + settle + " + " + slice + " s, " + cycles
                + " cycles, " + rounds + " rounds, client " + clientTransport.name().toLowerCase(Locale.ROOT)
                + ", server " + LoadServerProcess.serverJava() + " " + System.getProperty("server.jvm.flags", ""));
        int n = servers.size();
        List<double[]> micros = new ArrayList<>(); // per cycle: µs/req of each server
        List<double[]> rates = new ArrayList<>();  // per cycle: req/s of each server
        for (int round = 1; round <= rounds; round++) {
            List<LoadServerProcess> started = new ArrayList<>();
            try {
                for (String server : servers) {
                    started.add(LoadServerProcess.start(serverCpus, HbtpVsHttp.serverMode(mode(server)), 1,
                            transport(server), jvmFlags(server)));
                }
                for (int s = 0; s < n; s++) {
                    Slice warm = Slice.run(servers.get(s), started, s, depth, connections, size, warmup, slice,
                            clientTransport);
                    System.out.printf(Locale.ROOT, "round %d warm-up %-26s %s%n", round, servers.get(s), warm);
                }
                for (int c = 0; c < cycles; c++) {
                    double[] us = new double[n];
                    double[] rps = new double[n];
                    for (int k = 0; k < n; k++) {
                        int s = (c + k) % n;
                        Slice one = Slice.run(servers.get(s), started, s, depth, connections, size, settle, slice,
                                clientTransport);
                        us[s] = one.microsPerRequest;
                        rps[s] = one.requestsPerSecond;
                        System.out.printf(Locale.ROOT, "round %d cycle %2d %-26s %s%n", round, c + 1, servers.get(s),
                                one);
                    }
                    micros.add(us);
                    rates.add(rps);
                }
            } finally {
                for (LoadServerProcess p : started) {
                    p.close();
                }
            }
        }
        report(servers, micros, rates);
    }

    /** Medians per server, then each server against the first, cycle by cycle. */
    private static void report(List<String> servers, List<double[]> micros, List<double[]> rates) {
        System.out.println();
        System.out.println("| server | median µs/req (min–max) | median req/s (min–max) |");
        System.out.println("|---|---|---|");
        for (int s = 0; s < servers.size(); s++) {
            double[] us = column(micros, s);
            double[] rps = column(rates, s);
            System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f–%.3f) | %,.0f (%,.0f–%,.0f) |%n", servers.get(s),
                    LoadServerProcess.median(us), us[0], us[us.length - 1], LoadServerProcess.median(rps), rps[0],
                    rps[rps.length - 1]);
        }
        System.out.println();
        System.out.println("| against " + servers.get(0) + ", per cycle | CPU/req ratio: median, quartiles, min–max"
                + " | cycles where " + servers.get(0) + " costs less or the same | req/s ratio: median |");
        System.out.println("|---|---|---|---|");
        for (int s = 1; s < servers.size(); s++) {
            double[] cpu = new double[micros.size()];
            double[] rps = new double[rates.size()];
            int refCheaper = 0;
            for (int c = 0; c < micros.size(); c++) {
                cpu[c] = micros.get(c)[0] / micros.get(c)[s];
                rps[c] = rates.get(c)[0] / rates.get(c)[s];
                if (cpu[c] <= 1) {
                    refCheaper++;
                }
            }
            Arrays.sort(cpu);
            Arrays.sort(rps);
            System.out.printf(Locale.ROOT, "| %s ÷ %s | %.3f, %.3f–%.3f, %.3f–%.3f | %d of %d | %.3f |%n",
                    servers.get(0), servers.get(s), LoadServerProcess.median(cpu), quantile(cpu, 0.25),
                    quantile(cpu, 0.75), cpu[0], cpu[cpu.length - 1], refCheaper, cpu.length,
                    LoadServerProcess.median(rps));
        }
    }

    private static double[] column(List<double[]> rows, int s) {
        return rows.stream().mapToDouble(r -> r[s]).sorted().toArray();
    }

    /** The {@code q} quantile of sorted values, interpolated between neighbours. */
    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static String mode(String server) {
        String spec = server.split("/", -1)[0];
        int at = spec.indexOf('@');
        return at < 0 ? spec : spec.substring(0, at);
    }

    private static String transport(String server) {
        String spec = server.split("/", -1)[0];
        int at = spec.indexOf('@');
        return at < 0 ? "nio" : spec.substring(at + 1);
    }

    /** The server's own JVM flags: what follows {@code mode@transport}, each after a {@code /}. */
    private static List<String> jvmFlags(String server) {
        String[] parts = server.split("/", -1);
        return List.of(parts).subList(1, parts.length);
    }

    /** One slice of load on one server, with every server's CPU time sampled over its measured window. */
    private static final class Slice {
        final double requestsPerSecond;
        final double microsPerRequest;
        final double idleMillis; // CPU time the other servers spent in the window
        final double errors;
        final long requests;
        final long[] io; // the loaded server's {syscr, syscw, rchar, wchar, sleeps} in the window, or null

        private Slice(double requestsPerSecond, double microsPerRequest, double idleMillis, double errors,
                      long requests, long[] io) {
            this.requestsPerSecond = requestsPerSecond;
            this.microsPerRequest = microsPerRequest;
            this.idleMillis = idleMillis;
            this.errors = errors;
            this.requests = requests;
            this.io = io;
        }

        static Slice run(String server, List<LoadServerProcess> started, int index, int depth, int connections,
                         int size, int settle, int slice, LoadConfig.Transport clientTransport) throws Exception {
            List<ServerCpu.Window> windows = new ArrayList<>();
            for (LoadServerProcess p : started) {
                windows.add(ServerCpu.window(p.handle()));
            }
            LoadConfig config = new LoadConfig()
                    .target(new InetSocketAddress("127.0.0.1", started.get(index).port()))
                    .connections(connections).pipelineDepth(depth).threads(1)
                    .warmup(Duration.ofSeconds(settle)).duration(Duration.ofSeconds(slice))
                    .transport(clientTransport).window(new MeasurementWindow() {
                        @Override
                        public void opened() {
                            windows.forEach(ServerCpu.Window::opened);
                        }

                        @Override
                        public void closed() {
                            windows.forEach(ServerCpu.Window::closed);
                        }
                    });
            LoadResult r = HbtpVsHttp.load(mode(server), config, size);
            long requests = r.responses();
            double idle = 0;
            for (int i = 0; i < windows.size(); i++) {
                if (i != index) {
                    idle += windows.get(i).seconds() * 1e3;
                }
            }
            return new Slice(r.messagesPerSecond(), windows.get(index).seconds() * 1e6 / requests, idle, r.errors(),
                    r.responses(), windows.get(index).io());
        }

        /**
         * Read and write system calls per request, the bytes each moved on average (how many requests
         * one read brings and one write answers), and the server threads' waits per request; empty
         * without {@code /proc}.
         */
        private String io() {
            if (io == null || requests == 0) {
                return "";
            }
            return String.format(Locale.ROOT, "  reads %.4f/req (%.0f B each)  writes %.4f/req (%.0f B each)"
                    + "  sleeps %.4f/req", (double) io[0] / requests, io[0] == 0 ? 0.0 : (double) io[2] / io[0],
                    (double) io[1] / requests, io[1] == 0 ? 0.0 : (double) io[3] / io[1], (double) io[4] / requests);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,12.0f req/s  server cpu %.3f us/req  idle servers %.1f ms cpu"
                    + "  errors %.0f", requestsPerSecond, microsPerRequest, idleMillis, errors) + io();
        }
    }
}
