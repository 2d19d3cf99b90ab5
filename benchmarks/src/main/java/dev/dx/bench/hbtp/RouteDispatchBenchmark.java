package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route dispatch (spec §7): look up the handler of a route id in the 65,536-slot table and call it,
 * with 1, 1,000 and 65,536 routes registered. The ids called are drawn from the registered ones
 * (a precomputed sequence of 4,096), so a larger table also means more distinct handlers touched; the
 * lookup itself is one array access in every case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteDispatchBenchmark {

    @Param({"1", "1000", "65536"})
    public int routes;

    private HbtpRouteTable table;
    private final int[] ids = new int[4096];
    private int next;
    private long acc;

    /** A handler that does nothing but count: dispatch cost only. */
    private final class Counting implements HbtpRouteHandler {
        private final int id;

        Counting(int id) {
            this.id = id;
        }

        @Override
        public void handle(HbtpExchange exchange) {
            acc += id;
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        HbtpRouteTable.Builder b = HbtpRouteTable.builder();
        int[] registered = new int[routes];
        for (int i = 0; i < routes; i++) {
            int id = routes == 65536 ? i : (i * 65) & 0xFFFF;
            registered[i] = id;
            b.route(id, new Counting(id));
        }
        table = b.build();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = registered[r.nextInt(routes)];
        }
    }

    @Benchmark
    public long dispatch() throws Exception {
        int id = ids[next++ & 4095];
        table.handler(id).handle(null);
        return acc;
    }
}
