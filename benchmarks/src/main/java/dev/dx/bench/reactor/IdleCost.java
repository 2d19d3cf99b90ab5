package dev.dx.bench.reactor;

import java.util.Arrays;
import java.util.List;

/**
 * Measures what an idle connection costs the server: for each mode it starts {@link EchoServer} on the
 * server CPUs, reads its memory ({@code MEM}: heap after GC, Netty direct memory, RSS), opens N idle
 * connections from a second process ({@code dev.dx.bench.load.IdleConnections}) on the client CPUs,
 * reads the memory again and prints the difference per connection.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.dx.bench.reactor.IdleCost \
 *     --modes dx-ring,dx,iouring,epoll,nio --connections 19000 --server-cpus 0 --client-cpus 1
 * </pre>
 */
public final class IdleCost {

    private IdleCost() {
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("dx-ring", "dx", "iouring", "epoll", "nio");
        int connections = 19000;
        String serverCpus = "0";
        String clientCpus = "1";
        int port = 7100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--modes": modes = Arrays.asList(v.split(",")); break;
                case "--connections": connections = Integer.parseInt(v); break;
                case "--server-cpus": serverCpus = v; break;
                case "--client-cpus": clientCpus = v; break;
                case "--port": port = Integer.parseInt(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> jvm = List.of("-Xms1g", "-Xmx1g", "-Dio.netty.leakDetection.level=disabled");
        System.out.println("JDK " + System.getProperty("java.version") + " connections=" + connections);
        for (String mode : modes) {
            int p = port++;
            try (ChildProcess server = ChildProcess.start(serverCpus, jvm, EchoServer.class.getName(),
                    List.of("--mode", mode, "--port", Integer.toString(p)))) {
                String ready = server.await("READY");
                server.send("mem");
                long[] before = parse(server.await("MEM"));
                try (ChildProcess client = ChildProcess.start(clientCpus, List.of("-Xmx1g"),
                        "dev.dx.bench.load.IdleConnections",
                        List.of("127.0.0.1", Integer.toString(p), Integer.toString(connections), "epoll"))) {
                    client.await("OPEN");
                    Thread.sleep(2000);
                    server.send("mem");
                    long[] after = parse(server.await("MEM"));
                    long open = after[0];
                    System.out.printf("%-8s open=%d heap/conn=%.0f B nettyDirect/conn=%.0f B jdkDirect/conn=%.0f B "
                                    + "heap+direct/conn=%.0f B rss/conn=%.0f B | before=%s after=%s | %s%n",
                            mode, open,
                            per(after[1] - before[1], open), per(after[2] - before[2], open),
                            per(after[3] - before[3], open),
                            per((after[1] + after[2] + after[3]) - (before[1] + before[2] + before[3]), open),
                            per(after[4] - before[4], open),
                            Arrays.toString(before), Arrays.toString(after), ready);
                }
            }
        }
    }

    private static double per(long delta, long open) {
        return open == 0 ? Double.NaN : (double) delta / open;
    }

    /** open, heap, nettyDirect, jdkDirect, rss. */
    private static long[] parse(String mem) {
        long[] v = new long[5];
        String[] keys = {"open=", "heap=", "nettyDirect=", "jdkDirect=", "rss="};
        for (String part : mem.split(" ")) {
            for (int k = 0; k < keys.length; k++) {
                if (part.startsWith(keys[k])) {
                    v[k] = Long.parseLong(part.substring(keys[k].length()));
                }
            }
        }
        return v;
    }
}
