package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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

/**
 * HBTP header encode + decode (spec §2) on a pooled direct buffer: write the 8 bytes at an absolute
 * offset, then read the four fields back. Target: at most 5 ns/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderBenchmark {

    private ByteBuf buf;
    private int sequence;

    @Setup(Level.Trial)
    public void setup() {
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public long encodeDecode() {
        int seq = (sequence = (sequence + 1) & 0xFFFF);
        HbtpHeader.set(buf, 8, 0x30, 0x04, seq, 64);
        return HbtpHeader.opcode(buf, 8) + HbtpHeader.flags(buf, 8) + HbtpHeader.sequence(buf, 8)
                + HbtpHeader.length(buf, 8);
    }
}
