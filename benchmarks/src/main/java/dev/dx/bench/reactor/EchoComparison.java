package dev.dx.bench.reactor;

import dev.dx.bench.load.EchoProtocol;
import dev.dx.bench.load.LoadConfig;
import dev.dx.bench.load.LoadGenerator;
import dev.dx.bench.load.LoadResult;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the echo comparison in one command: for each repetition and each server mode (interleaved, so
 * drift hits every mode alike) it starts {@link EchoServer} on the server CPUs, runs the load generator
 * in this JVM (start it under {@code taskset -c 1}), and prints every result plus medians, spread and
 * ratios. {@code --server-cpus none} (and any OS but Linux) runs the server unpinned;
 * {@code --client-transport} picks the generator's transport (epoll on Linux, else NIO).
 *
 * <pre>
 * taskset -c 1 java -cp benchmarks/target/benchmarks.jar dev.dx.bench.reactor.EchoComparison \
 *     --modes dx,nio,epoll,iouring --reps 3 --warmup 30 --duration 30 --connections 64 --size 128 \
 *     --server-cpus 0
 * </pre>
 *
 * <p>On Windows (the CI's IOCP job): {@code --modes iocp,nio --server-cpus none}.
 */
public final class EchoComparison {

    private EchoComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("dx", "nio", "epoll", "iouring");
        int reps = 3;
        int warmup = 30;
        int duration = 30;
        int connections = 64;
        int size = 128;
        int depth = 1;
        String serverCpus = "0";
        int port = 7007;
        // the generator's own transport: epoll on Linux, NIO elsewhere (Windows, macOS)
        LoadConfig.Transport clientTransport =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                        ? LoadConfig.Transport.EPOLL : LoadConfig.Transport.NIO;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--modes": modes = Arrays.asList(v.split(",")); break;
                case "--reps": reps = Integer.parseInt(v); break;
                case "--warmup": warmup = Integer.parseInt(v); break;
                case "--duration": duration = Integer.parseInt(v); break;
                case "--connections": connections = Integer.parseInt(v); break;
                case "--size": size = Integer.parseInt(v); break;
                case "--depth": depth = Integer.parseInt(v); break;
                case "--server-cpus": serverCpus = v; break;
                case "--port": port = Integer.parseInt(v); break;
                case "--client-transport": clientTransport = LoadConfig.Transport.of(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> serverJvm = List.of("-Xms1g", "-Xmx1g", "-Dio.netty.leakDetection.level=disabled");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String mode : modes) {
            results.put(mode, new ArrayList<>());
        }
        System.out.println("JDK " + System.getProperty("java.version") + " " + System.getProperty("os.name")
                + " client cpus=" + Runtime.getRuntime().availableProcessors() + " server cpus=" + serverCpus
                + " client transport=" + clientTransport);
        for (int rep = 1; rep <= reps; rep++) {
            for (String mode : modes) {
                int p = port++;
                try (ChildProcess server = ChildProcess.start(serverCpus, serverJvm, EchoServer.class.getName(),
                        List.of("--mode", mode, "--port", Integer.toString(p)))) {
                    String ready = server.await("READY");
                    LoadConfig config = new LoadConfig()
                            .target(new InetSocketAddress("127.0.0.1", p))
                            .connections(connections).pipelineDepth(depth).threads(1)
                            .warmup(Duration.ofSeconds(warmup)).duration(Duration.ofSeconds(duration))
                            .transport(clientTransport);
                    LoadResult r = LoadGenerator.run(config, EchoProtocol.factory(size));
                    results.get(mode).add(r.messagesPerSecond());
                    System.out.printf("rep %d %-8s %s | %s%n", rep, mode, r, ready);
                }
            }
        }
        System.out.println();
        System.out.println("SUMMARY msgs/s (median, min, max, spread = (max-min)/median)");
        double nioMedian = results.containsKey("nio") ? median(results.get("nio")) : Double.NaN;
        double ioUringMedian = results.containsKey("iouring") ? median(results.get("iouring")) : Double.NaN;
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            List<Double> v = e.getValue();
            double med = median(v);
            double min = v.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
            double max = v.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
            System.out.printf("%-8s median=%.0f min=%.0f max=%.0f spread=%.1f%% vs nio=%.3f vs iouring=%.3f runs=%s%n",
                    e.getKey(), med, min, max, 100 * (max - min) / med, med / nioMedian, med / ioUringMedian, v);
        }
        List<Double> perRepDxVsNio = new ArrayList<>();
        List<Double> perRepDxVsUring = new ArrayList<>();
        if (results.containsKey("dx")) {
            for (int i = 0; i < reps; i++) {
                if (results.containsKey("nio")) {
                    perRepDxVsNio.add(results.get("dx").get(i) / results.get("nio").get(i));
                }
                if (results.containsKey("iouring")) {
                    perRepDxVsUring.add(results.get("dx").get(i) / results.get("iouring").get(i));
                }
            }
        }
        System.out.println("per-rep dx/nio=" + perRepDxVsNio + " dx/iouring=" + perRepDxVsUring);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
