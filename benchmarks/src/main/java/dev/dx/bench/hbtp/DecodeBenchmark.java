package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpFrameDecoder;
import dev.dx.codec.hbtp.HbtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one RpcCall frame with a 64-byte body from a pooled direct buffer. {@code pipeline}: through
 * {@link HbtpFrameDecoder} in a channel pipeline (what a server does), the frame handed to a sink that
 * releases it; {@code flyweight}: the {@link HbtpHeader} accessors and a retained slice, no message
 * object. Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    private static final int BODY = 64;

    private ByteBuf frame;
    private ChannelPipeline pipeline;
    private EmbeddedChannel channel;
    private long sink;

    @Setup(Level.Trial)
    public void setup() {
        frame = PooledByteBufAllocator.DEFAULT.directBuffer(HbtpHeader.SIZE + BODY);
        HbtpHeader.write(frame, 0x30, 0x04, 0x1234, BODY);
        frame.writeShortLE(7);
        frame.writeZero(BODY - 2);
        channel = new EmbeddedChannel(new HbtpFrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                HbtpFrame f = (HbtpFrame) msg;
                sink += f.sequence() + f.content().readableBytes();
                f.release();
            }
        });
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
    public void flyweight(Blackhole bh) {
        int length = (int) HbtpHeader.length(frame, 0);
        ByteBuf body = frame.retainedSlice(HbtpHeader.SIZE, length);
        bh.consume(HbtpHeader.opcode(frame, 0) + HbtpHeader.flags(frame, 0) + HbtpHeader.sequence(frame, 0)
                + body.getUnsignedShortLE(0));
        body.release();
    }
}
