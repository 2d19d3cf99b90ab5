package dev.dx.bench.cim;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
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
 * A four-step middleware chain (timing, CORS, rate limit, a header check) written four ways, each run
 * on one request per operation through a Netty pipeline on an {@link EmbeddedChannel}:
 * <ul>
 *   <li>{@code generated}: the class the CIM processor generates from {@link BenchChain}, in one handler;</li>
 *   <li>{@code pipeline}: four Netty handlers, as users stack them today;</li>
 *   <li>{@code loop}: a {@code List<Middleware>} loop in one handler;</li>
 *   <li>{@code handInlined}: the same steps written into one method.</li>
 * </ul>
 * The request passes every step and is answered 200 with two CORS headers. The answer is taken by a
 * sink at the head of the pipeline, so no outbound buffer is measured. Run with {@code -prof gc}: the
 * chain itself should allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MiddlewareChainBenchmark {

    private final BenchExchange exchange = new BenchExchange();
    private ChannelPipeline generated;
    private ChannelPipeline pipeline;
    private ChannelPipeline loop;
    private ChannelPipeline handInlined;
    private final BenchHandlers.Sink[] sinks = new BenchHandlers.Sink[4];

    @Setup(Level.Trial)
    public void setup() {
        generated = channel(0, new ChainHandler(new BenchChain_Cim()));
        pipeline = channel(1, new BenchHandlers.Timing(), new BenchHandlers.Cors(), new BenchHandlers.RateLimit(),
                new BenchHandlers.HeaderCheck(), new BenchHandlers.App());
        loop = channel(2, new ChainHandler(new LoopChain(List.of(new BenchMiddlewares.Timing(),
                new BenchMiddlewares.Cors(), new BenchMiddlewares.RateLimit(), new BenchMiddlewares.HeaderCheck()))));
        handInlined = channel(3, new HandInlinedHandler());
    }

    private ChannelPipeline channel(int i, io.netty.channel.ChannelHandler... handlers) {
        sinks[i] = new BenchHandlers.Sink();
        EmbeddedChannel ch = new EmbeddedChannel(sinks[i]);
        ch.pipeline().addLast(handlers);
        return ch.pipeline();
    }

    @TearDown(Level.Trial)
    public void check() {
        long written = 0;
        for (BenchHandlers.Sink s : sinks) {
            written += s.written; // only the variant this trial ran writes
        }
        if (written == 0) {
            throw new IllegalStateException("the variant wrote no answer");
        }
        BenchExchange x = exchange;
        if (x.status != 200 || x.answerHeaderCount() != 4) {
            throw new IllegalStateException("the last answer was " + x.status + " with "
                    + x.answerHeaderCount() / 2 + " headers (expected: 200 with 2)");
        }
    }

    private BenchExchange request() {
        return exchange.reset(BenchMiddlewares.ALLOWED_A, BenchMiddlewares.TOKEN);
    }

    @Benchmark
    public int generated() {
        generated.fireChannelRead(request());
        return exchange.status;
    }

    @Benchmark
    public int pipeline() {
        pipeline.fireChannelRead(request());
        return exchange.status;
    }

    @Benchmark
    public int loop() {
        loop.fireChannelRead(request());
        return exchange.status;
    }

    @Benchmark
    public int handInlined() {
        handInlined.fireChannelRead(request());
        return exchange.status;
    }
}
