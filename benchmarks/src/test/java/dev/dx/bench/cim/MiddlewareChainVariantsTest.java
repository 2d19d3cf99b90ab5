package dev.dx.bench.cim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The four variants of {@link MiddlewareChainBenchmark} answer alike: the benchmark compares the same
 * work written four ways, so an allowed request gets 200 with the two CORS headers, a foreign origin
 * 200 without them, and a missing token 401, whichever way the chain is written.
 */
class MiddlewareChainVariantsTest {

    private record Answer(int status, int headers) {
    }

    private static Answer run(String origin, String token, ChannelHandler... handlers) {
        BenchHandlers.Sink sink = new BenchHandlers.Sink();
        EmbeddedChannel ch = new EmbeddedChannel(sink);
        ch.pipeline().addLast(handlers);
        BenchExchange x = new BenchExchange().reset(origin, token);
        ch.pipeline().fireChannelRead(x);
        assertThat(sink.written).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
        return new Answer(x.status, x.answerHeaderCount() / 2);
    }

    private static List<Answer> allVariants(String origin, String token) {
        return List.of(
                run(origin, token, new ChainHandler(new BenchChain_Cim())),
                run(origin, token, new BenchHandlers.Timing(), new BenchHandlers.Cors(), new BenchHandlers.RateLimit(),
                        new BenchHandlers.HeaderCheck(), new BenchHandlers.App()),
                run(origin, token, new ChainHandler(new LoopChain(List.of(new BenchMiddlewares.Timing(),
                        new BenchMiddlewares.Cors(), new BenchMiddlewares.RateLimit(), new BenchMiddlewares.HeaderCheck())))),
                run(origin, token, new HandInlinedHandler()));
    }

    @Test
    void anAllowedRequestIsAnswered200WithTheCorsHeaders() {
        assertThat(allVariants(BenchMiddlewares.ALLOWED_A, BenchMiddlewares.TOKEN)).containsOnly(new Answer(200, 2));
    }

    @Test
    void aForeignOriginGetsNoCorsHeaders() {
        assertThat(allVariants("https://evil.example", BenchMiddlewares.TOKEN)).containsOnly(new Answer(200, 0));
    }

    @Test
    void aMissingTokenIs401WithTheCorsHeaders() {
        assertThat(allVariants(BenchMiddlewares.ALLOWED_B, null)).containsOnly(new Answer(401, 2));
    }
}
