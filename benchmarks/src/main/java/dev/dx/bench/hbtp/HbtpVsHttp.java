package dev.dx.bench.hbtp;

import dev.dx.bench.load.LoadConfig;
import dev.dx.bench.load.LoadGenerator;
import dev.dx.bench.load.LoadResult;
import dev.dx.bench.load.MeasurementWindow;
import dev.dx.bench.load.TlsContexts;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * HBTP RpcCall against HTTP/1.1 on Netty: the same server threads (NIO, or with
 * {@code --server-transport} Netty's {@code io_uring} or {@code epoll}, or a DxReactor on
 * {@code dx-io_uring} or {@code dx-epoll}), connections, 64-byte echo and
 * load generator ({@link LoadGenerator}), without pipelining and with depth 16. Mode {@code bare} is
 * the leanest server for the same bytes ({@link BareHeaderEcho}), the limit HBTP is measured against.
 * The server runs in a child JVM on {@code --server-cpus}; start this JVM with
 * {@code taskset -c <client cpus>}. Modes run
 * interleaved per repetition, so drift hits every mode alike. Mode {@code hbtp-client} and
 * {@code hbtp-client-encrypted} drive {@link HbtpClient} itself (plaintext vs Noise NK + ChaCha20-Poly1305)
 * to compare encrypted with plaintext requests/s; compare those two only with each other.
 * {@code hbtp-client-encrypted} speaks HBTP/1.1, so the server seals the answers of one read as one
 * Batch (§12); {@code hbtp-client-encrypted-v1} is the same with both sides configured for an HBTP/1
 * peer, every frame sealed alone. Mode {@code bare-tls} is {@code bare} under TLS 1.3 (Netty's
 * {@code SslHandler} over BoringSSL, TLS_AES_128_GCM_SHA256): the anchor for every encrypted figure. Mode
 * {@code hbtp-encrypted} drives the same server as {@code hbtp-client-encrypted} with the leanest
 * encrypted client ({@link EncryptedFrameLoad}), which flushes like the raw generator does under TLS, so
 * the two are compared with the server as the bottleneck. Mode {@code hbtp-tls} is {@code hbtp} under the
 * same TLS 1.3: the same RPC work as {@code hbtp-encrypted} behind BoringSSL instead of Noise, so the two
 * differ only in the secure channel. {@code bare-tls-chacha} and {@code hbtp-tls-chacha} are the same two
 * servers with a client that offers only TLS_CHACHA20_POLY1305_SHA256 ({@link TlsContexts#clientChaCha20()}),
 * so BoringSSL seals with the AEAD of HBTP's Noise suite. The load
 * generator runs on NIO unless {@code --client-transport epoll|io_uring} says otherwise; io_uring costs
 * it less per request, which matters without pipelining, where one generator core bounds requests/s.
 *
 * <pre>
 * taskset -c 1 java -cp benchmarks/target/benchmarks.jar dev.dx.bench.hbtp.HbtpVsHttp \
 *     --modes hbtp,http --depths 1,16 --reps 3 --warmup 20 --duration 20 --connections 16 --server-cpus 0
 * </pre>
 */
public final class HbtpVsHttp {

    private HbtpVsHttp() {
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("hbtp", "http");
        List<Integer> depths = List.of(1, 16);
        int reps = 3;
        int warmup = 20;
        int duration = 20;
        int connections = 16;
        int size = 64;
        int serverThreads = 1;
        int clientThreads = 1;
        String serverCpus = "0";
        String serverTransport = "nio";
        LoadConfig.Transport clientTransport = LoadConfig.Transport.NIO;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--modes": modes = Arrays.asList(v.split(",")); break;
                case "--depths": depths = Arrays.stream(v.split(",")).map(Integer::valueOf).toList(); break;
                case "--reps": reps = Integer.parseInt(v); break;
                case "--warmup": warmup = Integer.parseInt(v); break;
                case "--duration": duration = Integer.parseInt(v); break;
                case "--connections": connections = Integer.parseInt(v); break;
                case "--size": size = Integer.parseInt(v); break;
                case "--server-threads": serverThreads = Integer.parseInt(v); break;
                case "--client-threads": clientThreads = Integer.parseInt(v); break;
                case "--server-cpus": serverCpus = v; break;
                case "--server-transport": serverTransport = v; break;
                case "--client-transport": clientTransport = LoadConfig.Transport.of(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("# java " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")
                + ", modes " + modes + ", depths " + depths + ", reps " + reps + ", warmup " + warmup + " s, duration "
                + duration + " s, connections " + connections + ", size " + size + " B, server threads "
                + serverThreads + " (" + serverTransport + ") on cpus " + serverCpus + ", client threads " + clientThreads
                + " (" + clientTransport.name().toLowerCase(Locale.ROOT) + ")");
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (int depth : depths) {
                for (String mode : modes) {
                    try (LoadServerProcess server = LoadServerProcess.start(serverCpus, serverMode(mode), serverThreads,
                            serverTransport)) {
                        InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
                        ServerCpu.Window cpu = ServerCpu.window(server.handle());
                        double[] r = runOne(mode, target, connections, depth, size, clientThreads, warmup, duration,
                                clientTransport, cpu);
                        double cpuMicrosPerRequest = cpu.seconds() * 1e6 / (r[0] * duration);
                        String key = mode + " depth " + depth;
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                        System.out.printf("rep %d  %-28s %12.0f req/s  p50 %8.1f us  p99 %8.1f us  errors %.0f"
                                + "  server cpu %.2f us/req%n", rep, key, r[0], r[1], r[2], r[3], cpuMicrosPerRequest);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| mode | median req/s | min-max req/s | median p99 us |");
        System.out.println("|---|---:|---:|---:|");
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] rps = e.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] p99 = e.getValue().stream().mapToDouble(x -> x[2]).sorted().toArray();
            double med = LoadServerProcess.median(rps);
            medians.put(e.getKey(), med);
            System.out.printf("| %s | %.0f | %.0f-%.0f | %.1f |%n", e.getKey(), med, rps[0], rps[rps.length - 1],
                    LoadServerProcess.median(p99));
        }
        for (int depth : depths) {
            Double h = medians.get("hbtp depth " + depth);
            Double t = medians.get("http depth " + depth);
            if (h != null && t != null) {
                System.out.printf("ratio hbtp/http depth %d: %.2f%n", depth, h / t);
            }
            Double b = medians.get("bare depth " + depth);
            if (h != null && b != null) {
                System.out.printf("ratio hbtp/bare depth %d: %.2f%n", depth, h / b);
            }
            Double p = medians.get("hbtp-client depth " + depth);
            Double c = medians.get("hbtp-client-encrypted depth " + depth);
            if (p != null && c != null) {
                System.out.printf("ratio encrypted/plaintext (HbtpClient) depth %d: %.2f%n", depth, c / p);
            }
        }
    }

    /** Returns {req/s, p50 us, p99 us, errors}; {@code window} opens and closes at the measurement's edges. */
    private static double[] runOne(String mode, InetSocketAddress target, int connections, int depth, int size,
                                   int clientThreads, int warmup, int duration, LoadConfig.Transport clientTransport,
                                   MeasurementWindow window) throws Exception {
        if (mode.startsWith("hbtp-client")) {
            return runClient(mode.contains("encrypted"), mode.endsWith("-v1"), target, connections, depth, size,
                    clientThreads, warmup, duration, window);
        }
        LoadConfig config = new LoadConfig().target(target).connections(connections).pipelineDepth(depth)
                .threads(clientThreads).warmup(Duration.ofSeconds(warmup)).duration(Duration.ofSeconds(duration))
                .transport(clientTransport).window(window);
        LoadResult r = load(mode, config, size);
        return new double[] {r.messagesPerSecond(), r.latencyMicros(50), r.latencyMicros(99), r.errors()};
    }

    /**
     * The server mode that serves client {@code mode}: the {@code hbtp-client*} modes drive another's, and
     * a {@code -tls-chacha} mode is its {@code -tls} server, held to ChaCha20-Poly1305 by the client.
     */
    static String serverMode(String mode) {
        return mode.endsWith("-tls-chacha") ? mode.substring(0, mode.length() - "-chacha".length())
                : mode.equals("hbtp-client") ? "hbtp"
                : mode.equals("hbtp-client-encrypted") ? "hbtp-encrypted"
                : mode.equals("hbtp-client-encrypted-v1") ? "hbtp-encrypted-v1" : mode;
    }

    /**
     * One run of the raw generator for {@code mode} ({@code bare}, {@code http}, {@code hbtp}, their
     * {@code -tls} and {@code -tls-chacha} forms, or {@code hbtp-encrypted}) with {@code size}-byte calls;
     * the {@code -tls} modes turn on {@code config}'s TLS, and {@code -tls-chacha} holds it to
     * ChaCha20-Poly1305 ({@link LoadConfig#tlsChaCha20()}).
     */
    static LoadResult load(String mode, LoadConfig config, int size) throws InterruptedException {
        if (mode.startsWith("hbtp-client")) {
            throw new IllegalArgumentException(mode + " drives HbtpClient, not the raw generator");
        }
        boolean chaCha20 = mode.endsWith("-tls-chacha");
        config.tls(chaCha20 || mode.endsWith("-tls")).tlsChaCha20(chaCha20);
        return mode.equals("hbtp-encrypted") ? EncryptedFrameLoad.run(config, size)
                : LoadGenerator.run(config, mode.equals("http")
                ? () -> new HttpEchoProtocol(size) : () -> new HbtpRpcProtocol(size));
    }

    /** A closed loop over {@link HbtpClient}: each connection keeps {@code depth} calls in flight. */
    private static double[] runClient(boolean encrypted, boolean v1, InetSocketAddress target, int connections,
                                      int depth, int size, int clientThreads, int warmup, int duration,
                                      MeasurementWindow window) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(clientThreads, NioIoHandler.newFactory());
        Recorder recorder = new Recorder(3);
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        List<HbtpClient> clients = new ArrayList<>();
        try {
            HbtpClientConfig config = new HbtpClientConfig().codec(new HbtpCodecConfig())
                    .peerVersion(v1 ? HbtpVersion.V1 : HbtpVersion.V1_1);
            if (encrypted) {
                config.handshake(new HbtpHandshakeConfig().remoteStaticKey(
                        HbtpKeyPair.fromPrivateKey(LoadServer.SERVER_PRIVATE_KEY).publicKey()));
            }
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true);
            for (int c = 0; c < connections; c++) {
                HbtpClient client = HbtpClient.connect(b, target, config).get(10, TimeUnit.SECONDS);
                clients.add(client);
                for (int d = 0; d < depth; d++) {
                    loop(client, size, recorder, stopped, errors);
                }
            }
            Thread.sleep(warmup * 1000L);
            window.opened();
            recorder.getIntervalHistogram();
            long start = System.nanoTime();
            Thread.sleep(duration * 1000L);
            var h = recorder.getIntervalHistogram();
            double seconds = (System.nanoTime() - start) / 1e9;
            window.closed();
            stopped.set(true);
            return new double[] {h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, errors.get()};
        } finally {
            stopped.set(true);
            clients.forEach(HbtpClient::close);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void loop(HbtpClient client, int size, Recorder recorder, AtomicBoolean stopped, AtomicLong errors) {
        if (stopped.get()) {
            return;
        }
        long sent = System.nanoTime();
        ByteBuf args = client.channel().alloc().buffer(size).writeZero(size);
        client.call(1, args).whenComplete((r, e) -> {
            if (e != null) {
                if (!stopped.get()) {
                    errors.incrementAndGet();
                }
                return;
            }
            r.release();
            recorder.recordValue(Math.max(0, System.nanoTime() - sent));
            loop(client, size, recorder, stopped, errors);
        });
    }

}
