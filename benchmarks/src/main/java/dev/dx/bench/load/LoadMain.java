package dev.dx.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Command line of the load generator:
 * {@code java -cp benchmarks.jar dev.dx.bench.load.LoadMain --host 127.0.0.1 --port 7007
 * --connections 64 --size 128 --depth 1 --warmup 30 --duration 30 --threads 1 --transport epoll}.
 * Prints one {@code RESULT} line (see {@link LoadResult#toString()}).
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadConfig config = new LoadConfig();
        String host = "127.0.0.1";
        int port = 7007;
        int size = 128;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--host": host = v; break;
                case "--port": port = Integer.parseInt(v); break;
                case "--connections": config.connections(Integer.parseInt(v)); break;
                case "--size": size = Integer.parseInt(v); break;
                case "--depth": config.pipelineDepth(Integer.parseInt(v)); break;
                case "--warmup": config.warmup(Duration.ofSeconds(Long.parseLong(v))); break;
                case "--duration": config.duration(Duration.ofSeconds(Long.parseLong(v))); break;
                case "--threads": config.threads(Integer.parseInt(v)); break;
                case "--transport": config.transport(LoadConfig.Transport.of(v)); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        config.target(new InetSocketAddress(host, port));
        System.out.println("CONFIG " + config + " size=" + size);
        LoadResult result = LoadGenerator.run(config, EchoProtocol.factory(size));
        System.out.println("RESULT " + result);
    }
}
