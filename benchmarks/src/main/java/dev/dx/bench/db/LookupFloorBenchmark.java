package dev.dx.bench.db;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
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
 * The floor under {@link LookupBenchmark}: the leanest code for the same job, a
 * {@code ConcurrentHashMap<Long, ByteBuf>} of {@code entries} pooled direct buffers (no eviction
 * policy, no statistics, no invalidation index), looked up at the same uniformly random keys, the
 * buffer retained and released as a reader's reference would be. What grows with {@code entries}
 * here is the memory system's share, which no lookup structure avoids.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dio.netty.leakDetection.level=disabled"})
public class LookupFloorBenchmark {

    private static final int PROBES = 1 << 16;

    @Param({"10", "1000", "100000", "1000000"})
    public int entries;

    private final ConcurrentHashMap<Long, ByteBuf> map = new ConcurrentHashMap<>();
    private final Long[] probes = new Long[PROBES];
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        for (long k = 0; k < entries; k++) {
            map.put(k, PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(k * 7).writeZero(40));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PROBES; i++) {
            probes[i] = (long) random.nextInt(entries);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        map.values().forEach(ByteBuf::release);
    }

    /** One lookup, the buffer retained and released. @return its length */
    @Benchmark
    public int get() {
        ByteBuf b = map.get(probes[next++ & (PROBES - 1)]).retain();
        try {
            return b.readableBytes();
        } finally {
            b.release();
        }
    }
}
