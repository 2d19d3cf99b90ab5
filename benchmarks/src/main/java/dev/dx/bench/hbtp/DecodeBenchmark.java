package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpFrameDecoder;
import dev.dx.codec.hbtp.HbtpHeader;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one RpcCall frame with a 64-byte body. Run with {@code -prof gc} for bytes allocated per
 * operation.
 *
 * <ul>
 *   <li>{@code pipeline}: the same inbound buffer (retained once more per operation) fired through a
 *       channel pipeline: {@link HbtpFrameDecoder} (Netty's {@code ByteToMessageDecoder}), then a sink
 *       that reads the frame and releases it;</li>
 *   <li>{@code read}: what a server does per socket read: a fresh buffer from the channel's allocator is
 *       filled with the frame's 72 bytes and fired through the same pipeline;</li>
 *   <li>{@code flyweight}: the {@link HbtpHeader} accessors and a retained slice, no message object.</li>
 * </ul>
 *
 * <p>{@code allocator}: {@code pooled} is {@code PooledByteBufAllocator}, whose {@code retainedSlice}
 * is a recycled {@code PooledSlicedByteBuf}; {@code adaptive} is Netty 4.2's default
 * {@code AdaptiveByteBufAllocator}, whose buffers answer {@code retainedSlice} with a new
 * {@code UnpooledSlicedByteBuf} (Netty's own allocation, per frame).
 *
 * <p>The benchmark threads are {@link FastThreadLocalThread}s (see {@link FastThreadLocalExecutor}), as
 * an event loop's are; Netty's {@code Recycler} pools nothing on other threads. {@link #setup} refuses to
 * run on a plain thread, so keep the {@code jvmArgsPrepend} below (do not pass {@code -jvmArgsPrepend}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.dx.bench.hbtp.FastThreadLocalExecutor"})
public class DecodeBenchmark {

    private static final int BODY = 64;

    @Param({"pooled", "adaptive"})
    public String allocator;

    private ByteBufAllocator alloc;
    private ByteBuf frame;
    private ChannelPipeline pipeline;
    private EmbeddedChannel channel;
    private long sink;

    @Setup(Level.Trial)
    public void setup() {
        FastThreadLocalExecutor.requireFastThreadLocalThread();
        alloc = "pooled".equals(allocator) ? PooledByteBufAllocator.DEFAULT : new AdaptiveByteBufAllocator();
        frame = alloc.directBuffer(HbtpHeader.SIZE + BODY);
        HbtpHeader.write(frame, 0x30, 0x04, 0x1234, BODY);
        frame.writeShortLE(7);
        frame.writeZero(BODY - 2);
        channel = new EmbeddedChannel(new HbtpFrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                HbtpFrame f = (HbtpFrame) msg;
                sink += f.sequence() + f.route() + f.content().readableBytes();
                f.release();
            }
        });
        channel.config().setOption(ChannelOption.ALLOCATOR, alloc);
        pipeline = channel.pipeline();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        frame.release();
    }

    @Benchmark
    public long pipeline() {
        frame.retain();
        frame.readerIndex(0);
        pipeline.fireChannelRead(frame);
        return sink;
    }

    @Benchmark
    public long read() {
        ByteBuf in = alloc.directBuffer(HbtpHeader.SIZE + BODY);
        in.writeBytes(frame, 0, HbtpHeader.SIZE + BODY);
        pipeline.fireChannelRead(in);
        return sink;
    }

    @Benchmark
    public void flyweight(Blackhole bh) {
        int length = (int) HbtpHeader.length(frame, 0);
        ByteBuf body = frame.retainedSlice(HbtpHeader.SIZE, length);
        bh.consume(HbtpHeader.opcode(frame, 0) + HbtpHeader.flags(frame, 0) + HbtpHeader.sequence(frame, 0)
                + body.getUnsignedShortLE(0));
        body.release();
    }
}
