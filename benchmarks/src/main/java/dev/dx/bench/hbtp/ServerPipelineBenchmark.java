package dev.dx.bench.hbtp;

import dev.dx.bench.load.Protocol;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpFrameDecoder;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The user-space half of a {@link LoadServer} read, without the kernel: one socket read's worth of
 * requests ({@code depth} 64-byte echo requests in one new buffer from the channel's allocator, as a
 * read delivers them) fired through the server's own pipeline ({@link LoadServer#addHandlers}), then
 * read-complete (where every mode flushes), then the responses taken from the channel and released.
 * One operation is one read, so divide by {@code depth} for the cost per request.
 *
 * <p>The load generator's server CPU per request is mostly the loopback transport and too noisy on a
 * shared machine to resolve a few percent; this measures what the codec and handlers cost, mode
 * against mode, on the same Netty: {@code hbtp} (HbtpServerCodec, control handler, router),
 * {@code hbtp-metadata} (the same, each call carrying two metadata keys and a timeout, §11.1),
 * {@code bare} ({@link BareHeaderEcho}, the leanest code for the same bytes) and {@code http}
 * ({@code HttpServerCodec} + {@code HttpObjectAggregator} + echo). {@code hbtp-encrypted} is the
 * {@code hbtp} pipeline on an encrypted HBTP/1.1 connection (session keys installed directly, no
 * handshake): a read holds one sealed Batch of the {@code depth} requests (§12; a lone request at depth
 * 1 is sealed alone), opened by the server, whose answers leave as one sealed Batch. The server's receiving
 * counter is set back to 0 before each read so that the same sealed bytes open every time; its sending
 * counter runs on. The difference from {@code hbtp} is what encryption and batching cost the server.
 * An {@link EmbeddedChannel} stands in
 * for the socket; its per-message outbound bookkeeping is charged to every mode alike.
 *
 * <p>The benchmark threads are {@code FastThreadLocalThread}s (see {@link FastThreadLocalExecutor}), as
 * an event loop's are. {@link #setup} checks that each read got exactly {@code depth} responses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsPrepend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.dx.bench.hbtp.FastThreadLocalExecutor",
        "-Dio.netty.leakDetection.level=disabled"})
public class ServerPipelineBenchmark {

    private static final int BODY = 64;
    /** The key of both directions in {@code hbtp-encrypted} (any 32 bytes do). */
    private static final byte[] KEY = new byte[FrameCipher.KEY_LENGTH];

    /** {@code hbtp-metadata}: the hbtp pipeline, each call carrying {@link HbtpRpcProtocol#TYPICAL_METADATA}. */
    @Param({"hbtp", "hbtp-metadata", "hbtp-encrypted", "bare", "http"})
    public String mode;

    @Param({"1", "16"})
    public int depth;

    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;
    private ByteBuf requests;
    /** The server's receiving cipher in {@code hbtp-encrypted}, or {@code null}. */
    private FrameCipher receiver;

    @Setup(Level.Trial)
    public void setup() {
        FastThreadLocalExecutor.requireFastThreadLocalThread();
        channel = new EmbeddedChannel();
        boolean metadata = mode.equals("hbtp-metadata");
        boolean encrypted = mode.equals("hbtp-encrypted");
        if (encrypted) {
            channel.pipeline().addLast(new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true)
                    .peerVersion(HbtpVersion.V1_1)), new HbtpControlHandler(), new HbtpRouter(LoadServer.echoRoutes()));
            HbtpChannelSecurity security = HbtpChannelSecurity.of(channel);
            security.installSender(new FrameCipher(KEY));
            security.installReceiver(receiver = new FrameCipher(KEY));
        } else {
            LoadServer.addHandlers(channel.pipeline(), metadata ? "hbtp" : mode, LoadServer.echoRoutes());
        }
        pipeline = channel.pipeline();
        alloc = channel.alloc();
        Protocol protocol = mode.equals("http") ? new HttpEchoProtocol(BODY)
                : new HbtpRpcProtocol(BODY, metadata ? HbtpRpcProtocol.TYPICAL_METADATA : HbtpMetadata.EMPTY);
        requests = alloc.directBuffer();
        for (int i = 0; i < depth; i++) {
            protocol.writeRequest(requests);
        }
        if (encrypted) {
            requests = sealed(requests);
        }
        fireRead();
        ByteBuf all = alloc.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        int responses = encrypted ? openedResponses(all) : plainResponses(protocol, all);
        boolean leftover = all.isReadable();
        all.release();
        if (responses != depth || leftover) {
            throw new IllegalStateException(mode + ": " + responses + " whole responses to " + depth
                    + " requests" + (leftover ? ", and a partial one" : ""));
        }
    }

    /**
     * {@code plain} (released) as the client sends it on an encrypted HBTP/1.1 connection: one Batch
     * sealed with counter 0, or the lone frame sealed alone.
     */
    private ByteBuf sealed(ByteBuf plain) {
        FrameCipher client = new FrameCipher(KEY);
        ByteBuf out = alloc.directBuffer();
        int at = plain.readerIndex();
        int opcode = HbtpOpcode.BATCH.code();
        int flags = HbtpFlags.ENCRYPTED;
        int sequence = 0;
        if (depth == 1) {
            opcode = HbtpHeader.opcode(plain, at);
            flags |= HbtpHeader.flags(plain, at);
            sequence = HbtpHeader.sequence(plain, at);
            at += HbtpHeader.SIZE;
        }
        int n = plain.writerIndex() - at;
        HbtpHeader.write(out, opcode, flags, sequence, n + FrameCipher.TAG_LENGTH);
        client.seal(out.getLongLE(0), plain, at, n, out);
        plain.release();
        return out;
    }

    /** Opens the server's sealed answers in {@code all} (consumed) as the client would; returns how many. */
    private static int openedResponses(ByteBuf all) {
        EmbeddedChannel client = new EmbeddedChannel(new HbtpFrameDecoder(new HbtpCodecConfig()));
        HbtpChannelSecurity.of(client).installReceiver(new FrameCipher(KEY));
        client.writeInbound(all.retain());
        all.skipBytes(all.readableBytes());
        int responses = 0;
        for (Object o; (o = client.readInbound()) != null; ) {
            HbtpFrame f = (HbtpFrame) o;
            if (f.opcode() == HbtpOpcode.RPC_RESPONSE.code() && f.content().readableBytes() == BODY) {
                responses++;
            }
            f.release();
        }
        client.finishAndReleaseAll();
        return responses;
    }

    private static int plainResponses(Protocol protocol, ByteBuf all) {
        int responses = 0;
        while (all.isReadable()) {
            int n = protocol.completeResponseLength(all);
            if (n == 0) {
                break;
            }
            all.skipBytes(n);
            responses++;
        }
        return responses;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (requests != null) {
            requests.release();
        }
    }

    /**
     * One read of {@code depth} requests through the server pipeline, its responses taken and released.
     *
     * @return the response bytes
     */
    @Benchmark
    public long read() {
        fireRead();
        long bytes = 0;
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }

    /** What the transport does per read: a new buffer with the bytes read, then read-complete. */
    private void fireRead() {
        if (receiver != null) {
            receiver.counter(0); // the same sealed read opens every time
        }
        ByteBuf in = alloc.directBuffer(requests.readableBytes());
        in.writeBytes(requests, requests.readerIndex(), requests.readableBytes());
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
    }
}
