package dev.dx.cim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The attribute slots and after-hook bookkeeping every exchange shares ({@link AbstractExchange}). */
class AbstractExchangeTest {

    private static final ExchangeKey<String> NAME = ExchangeKey.of("name", String.class);
    private static final ExchangeKey<Long> COUNT = ExchangeKey.of("count", Long.class);

    @Test
    void attributesAreTypedSlotsThatStartEmpty() {
        TestExchange x = new TestExchange();
        assertThat(x.get(NAME)).isNull();
        x.set(COUNT, null); // removing what is not there is a no-op
        x.set(NAME, "ada");
        x.set(COUNT, 3L);
        assertThat(x.get(NAME)).isEqualTo("ada");
        assertThat(x.get(COUNT)).isEqualTo(3L);
        x.set(NAME, null);
        assertThat(x.get(NAME)).isNull();
        assertThat(x.get(COUNT)).isEqualTo(3L);
    }

    @Test
    void keysAreDistinctEvenWithTheSameName() {
        ExchangeKey<String> other = ExchangeKey.of("name", String.class);
        TestExchange x = new TestExchange();
        x.set(NAME, "a");
        assertThat(x.get(other)).isNull();
        assertThat(other.toString()).contains("name", "String");
        assertThat(other.type()).isEqualTo(String.class);
        assertThat(other.name()).isEqualTo("name");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsRefused() {
        TestExchange x = new TestExchange();
        ExchangeKey raw = NAME;
        assertThatThrownBy(() -> x.set(raw, 42)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void aSecondChainOnOneExchangeIsRefused() {
        TestExchange x = new TestExchange();
        ListChain<Exchange> chain = new ListChain<>();
        x.startChain(chain);
        assertThatThrownBy(() -> x.startChain(chain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    @Test
    void stopWithoutAnsweringIsAHandlerFailure() throws Exception {
        List<String> log = new ArrayList<>();
        Middleware<Exchange> silent = new Middleware<>() {
            @Override
            public boolean before(Exchange exchange) {
                log.add("before:silent");
                return STOP;
            }
        };
        TestExchange x = new TestExchange();
        new ListChain<Exchange>(new Recording("a", log), silent).handle(x, ex -> log.add("handler"));
        assertThat(x.awaitSent(1, TimeUnit.SECONDS)).isTrue();
        assertThat(x.status()).isEqualTo(500);
        assertThat(log).containsExactly("before:a", "before:silent", "after:a");
    }

    @Test
    void aHandlerThatThrowsAfterAnsweringKeepsTheAnswer() {
        TestExchange x = new TestExchange();
        new ListChain<Exchange>(new Recording("a", new ArrayList<>())).handle(x, ex -> {
            ((TestExchange) ex).respond(201, "made");
            throw new IllegalStateException("late");
        });
        assertThat(x.status()).isEqualTo(201);
        assertThat(x.body()).isEqualTo("made");
    }

    @Test
    void answerHeadersAfterTheAnswerAreIgnored() {
        TestExchange x = new TestExchange();
        new ListChain<Exchange>(new Recording("a", new ArrayList<>())).handle(x, ex -> ((TestExchange) ex).respond(200, "ok"));
        x.answerHeader("x-late", "1");
        assertThat(x.answerHeaders()).containsKey("x-after-a").doesNotContainKey("x-late");
    }

    @Test
    void rejectionsMapToBothProtocols() {
        for (Rejection r : Rejection.values()) {
            assertThat(r.httpStatus()).isBetween(400, 599);
            assertThat(r.hbtpCode().isFatal() && r != Rejection.UNAUTHORIZED && r != Rejection.FORBIDDEN
                    && r != Rejection.UNAVAILABLE).isFalse();
        }
        assertThat(Rejection.RATE_LIMITED.httpStatus()).isEqualTo(429);
    }
}
