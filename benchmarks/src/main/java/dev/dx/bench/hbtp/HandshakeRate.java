package dev.dx.bench.hbtp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 26: full handshakes per second over loopback, Noise NK against TLS 1.3. The server runs in a
 * child JVM on {@code --server-cpus} ({@link LoadServer}: mode {@code noise-nk} is its
 * {@code hbtp-encrypted} pipeline, {@code HbtpServerCodec} + {@code HbtpServerHandshaker} with the fixed
 * static key; mode {@code tls13} is its {@code bare-tls} pipeline, Netty's {@code SslHandler} over
 * BoringSSL with the self-signed P-256 certificate, TLS 1.3 only). This JVM is the client
 * ({@link HandshakeLoad}; start it with {@code taskset -c <client cpu>}): {@code --connections}
 * connections in flight, each closing once its handshake is complete and connecting again at once.
 * After {@code --warmup} seconds it counts handshakes for {@code --duration} seconds; modes run
 * interleaved per repetition, so drift hits both alike.
 *
 * <p>Per run it prints handshakes/s, the errors, and the CPU each side spent per handshake (from the OS,
 * {@link ServerCpu}) with its share of one core. The server's CPU per handshake is the figure that
 * compares the two protocols' server cost whatever limits the rate; when the client's share of its core
 * nears 100 %, the client, not the server, bounds handshakes/s (a Noise NK initiator does as many
 * X25519 operations as the responder; a TLS client's crypto runs in BoringSSL).
 *
 * <pre>
 * taskset -c 1 java -cp benchmarks/target/benchmarks.jar dev.dx.bench.hbtp.HandshakeRate \
 *     --modes noise-nk,tls13 --connections 16 --warmup 30 --duration 15 --reps 3 --server-cpus 0
 * </pre>
 */
public final class HandshakeRate {

    private HandshakeRate() {
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("noise-nk", "tls13");
        int reps = 3;
        int warmup = 30;
        int duration = 15;
        int connections = 16;
        int serverThreads = 1;
        int clientThreads = 1;
        String serverCpus = "0";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--modes" -> modes = Arrays.asList(v.split(","));
                case "--reps" -> reps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--server-threads" -> serverThreads = Integer.parseInt(v);
                case "--client-threads" -> clientThreads = Integer.parseInt(v);
                case "--server-cpus" -> serverCpus = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("# java " + System.getProperty("java.version") + ", modes " + modes + ", reps " + reps
                + ", warmup " + warmup + " s, duration " + duration + " s, connections " + connections
                + ", server threads " + serverThreads + " on cpus " + serverCpus + ", client threads " + clientThreads);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (String mode : modes) {
                double[] r = runOne(mode, serverCpus, serverThreads, clientThreads, connections, warmup, duration);
                results.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
                System.out.printf("rep %d  %-9s %10.0f handshakes/s  errors %.0f  server cpu %7.1f us/hs (%3.0f%% of a"
                        + " core)  client cpu %7.1f us/hs (%3.0f%%)%n", rep, mode, r[0], r[1], r[2], r[3], r[4], r[5]);
            }
        }
        printSummary(results);
    }

    /** Returns {handshakes/s, errors, server us/hs, server % of a core, client us/hs, client %}. */
    private static double[] runOne(String mode, String serverCpus, int serverThreads, int clientThreads,
                                   int connections, int warmup, int duration) throws Exception {
        try (LoadServerProcess server = LoadServerProcess.start(serverCpus, serverMode(mode), serverThreads, "nio")) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
            ServerCpu.Window serverCpu = ServerCpu.window(server.handle());
            ServerCpu.Window clientCpu = ServerCpu.window(ProcessHandle.current());
            long errors;
            long count;
            double seconds;
            try (HandshakeLoad load = HandshakeLoad.start(mode, target, connections, clientThreads)) {
                Thread.sleep(warmup * 1000L);
                serverCpu.opened();
                clientCpu.opened();
                long start = System.nanoTime();
                long before = load.completed();
                long errorsBefore = load.errors();
                Thread.sleep(duration * 1000L);
                count = load.completed() - before;
                seconds = (System.nanoTime() - start) / 1e9;
                errors = load.errors() - errorsBefore;
                clientCpu.closed();
                serverCpu.closed();
                for (Map.Entry<String, LongAdder> e : load.errorKinds().entrySet()) {
                    System.out.println("  error (" + e.getValue().sum() + "x, warm-up included): " + e.getKey());
                }
            }
            double perSecond = count / seconds;
            double serverSeconds = serverCpu.seconds();
            double clientSeconds = clientCpu.seconds();
            return new double[] {perSecond, errors, micros(serverSeconds, count), 100 * serverSeconds / duration,
                micros(clientSeconds, count), 100 * clientSeconds / duration};
        }
    }

    private static double micros(double cpuSeconds, long handshakes) {
        return handshakes == 0 ? Double.NaN : cpuSeconds * 1e6 / handshakes;
    }

    private static String serverMode(String mode) {
        return switch (mode) {
            case "noise-nk" -> "hbtp-encrypted";
            case "tls13" -> "bare-tls";
            default -> throw new IllegalArgumentException("unknown mode: " + mode + " (expected: noise-nk, tls13)");
        };
    }

    private static void printSummary(Map<String, List<double[]>> results) {
        System.out.println();
        System.out.println("| mode | median handshakes/s | min-max | median server us/handshake | median client us/handshake |");
        System.out.println("|---|---:|---:|---:|---:|");
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] rate = column(e.getValue(), 0);
            medians.put(e.getKey(), LoadServerProcess.median(rate));
            System.out.printf("| %s | %.0f | %.0f-%.0f | %.1f | %.1f |%n", e.getKey(), LoadServerProcess.median(rate), rate[0],
                    rate[rate.length - 1], LoadServerProcess.median(column(e.getValue(), 2)), LoadServerProcess.median(column(e.getValue(), 4)));
        }
        Double noise = medians.get("noise-nk");
        Double tls = medians.get("tls13");
        if (noise != null && tls != null) {
            System.out.printf("ratio noise-nk/tls13 handshakes/s: %.2f%n", noise / tls);
        }
    }

    private static double[] column(List<double[]> runs, int index) {
        return runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
    }
}
