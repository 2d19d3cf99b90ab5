package dev.dx.cim.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Exchange;
import dev.dx.cim.ListChain;
import dev.dx.cim.TestExchange;
import dev.dx.reactor.DxReactor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TimingMiddleware}: the header's format and the per-core histograms, on and off the cores. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimingMiddlewareTest {

    @Test
    void millisecondsWithThreeDecimals() {
        assertThat(TimingMiddleware.millis(0)).isEqualTo("0.000");
        assertThat(TimingMiddleware.millis(412_345)).isEqualTo("0.412");
        assertThat(TimingMiddleware.millis(12_345_678_901L)).isEqualTo("12345.678");
    }

    @Test
    void everyAnswerGetsTheHeaderAndTheHistogramCountsRequestsOnAndOffTheCores() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).pinning(false).build().ignite()) {
            TimingMiddleware timing = new TimingMiddleware(reactor);
            ListChain<Exchange> chain = new ListChain<>(timing);
            TestExchange off = new TestExchange();
            chain.handle(off, ex -> ((TestExchange) ex).respond(200, "ok"));
            assertThat(off.answerHeaders().get("x-response-time")).matches("\\d+\\.\\d{3}");

            for (int i = 0; i < 10; i++) {
                TestExchange on = new TestExchange();
                reactor.group().next().submit(() -> chain.handle(on, ex -> ((TestExchange) ex).respond(200, "ok")))
                        .get(10, TimeUnit.SECONDS);
                assertThat(on.answerHeaders()).containsKey("x-response-time");
            }
            TimingMiddleware.Summary s = timing.summary();
            assertThat(s.count()).isEqualTo(11);
            assertThat(s.max()).isGreaterThanOrEqualTo(s.p50());
            assertThat(s.toString()).startsWith("11 requests, p50 ");
            assertThat(timing.summary().count()).isEqualTo(11); // a summary does not lose what it read
            reactor.shutdownGracefully(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRequestWithoutAStartIsNotTimed() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite()) {
            TimingMiddleware timing = new TimingMiddleware(reactor);
            TestExchange x = new TestExchange();
            timing.after(x);
            assertThat(x.answerHeaders()).isEmpty();
            assertThat(timing.summary().count()).isZero();
        }
    }
}
