package dev.dx.cim.processor.chains;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.CimChain;
import dev.dx.cim.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generated chains at run time, on {@link RecordingExchange}: the order of hooks, short-circuits and
 * failures, as {@link dev.dx.cim.Middleware}'s javadoc specifies them.
 */
class ChainRuntimeTest {

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            warnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger exchangeLog = Logger.getLogger(Exchange.class.getName());

    @BeforeEach
    void captureHookFailures() {
        exchangeLog.addHandler(capture);
        exchangeLog.setUseParentHandlers(false); // the expected failures need not fill the build log
    }

    @AfterEach
    void release() {
        exchangeLog.removeHandler(capture);
        exchangeLog.setUseParentHandlers(true);
    }

    private static RecordingExchange run(CimChain<Exchange> chain, Script script) {
        RecordingExchange exchange = new RecordingExchange(script);
        chain.handle(exchange, x -> {
            script.record("handler");
            exchange.respond(200, "ok");
        });
        return exchange;
    }

    private static String after(int index) {
        return "after " + index + " on " + Thread.currentThread().getName();
    }

    @Test
    void beforesInOrderThenHandlerThenAftersInReverse() {
        Script script = new Script();
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", "before 3", "handler",
                after(3), after(2), after(1), after(0));
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(new Chain4_Cim().size()).isEqualTo(4);
    }

    @Test
    void shortCircuitRunsOnlyTheEarlierAfters() {
        Script script = new Script().stopAt(2, Script.Stop.ANSWER);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        // not the later middlewares, not the handler, not middleware 2's own after
        assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", after(1), after(0));
        assertThat(exchange.status()).isEqualTo(401);
        assertThat(exchange.body()).isEqualTo("stopped by 2");
        assertThat(warnings).isEmpty();
    }

    @Test
    void shortCircuitAtTheFirstRunsNoAfter() {
        Script script = new Script().stopAt(0, Script.Stop.ANSWER);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0");
        assertThat(exchange.status()).isEqualTo(401);
    }

    @Test
    void beforeThatAnswersButContinuesStillStopsTheChain() {
        Script script = new Script().stopAt(1, Script.Stop.ANSWER_AND_CONTINUE);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0", "before 1", after(0));
        assertThat(exchange.status()).isEqualTo(401);
        assertThat(exchange.body()).isEqualTo("answered by 1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void exceptionInABeforeAnswersHandlerFailed() {
        Script script = new Script().stopAt(1, Script.Stop.THROW);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0", "before 1", after(0));
        assertThat(exchange.status()).isEqualTo(500);
        assertThat(warnings).singleElement().satisfies(w ->
                assertThat(w.getThrown()).hasMessage("before 1 failed"));
    }

    @Test
    void stopWithoutAnsweringIsTheMiddlewaresBugAndNamesIt() {
        Script script = new Script().stopAt(2, Script.Stop.SILENT);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", after(1), after(0));
        assertThat(exchange.status()).isEqualTo(500);
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getThrown())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Rec2.before stopped without answering"));
    }

    @Test
    void exceptionInAnAfterStillRunsTheRemainingAftersAndFailsTheAnswer() {
        Script script = new Script().throwInAfter(2);
        RecordingExchange exchange = run(new Chain4_Cim(), script);
        assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", "before 3", "handler",
                after(3), after(2), after(1), after(0));
        assertThat(exchange.status()).isEqualTo(500);
        assertThat(warnings).singleElement().satisfies(w ->
                assertThat(w.getThrown()).hasMessage("after 2 failed"));
    }

    @Test
    void exceptionInTheHandlerAnswersHandlerFailedAndRunsEveryAfter() {
        Script script = new Script();
        RecordingExchange exchange = new RecordingExchange(script);
        new Chain3_Cim().handle(exchange, x -> {
            script.record("handler");
            throw new java.io.IOException("handler broke");
        });
        assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", "handler",
                after(2), after(1), after(0));
        assertThat(exchange.status()).isEqualTo(500);
        assertThat(warnings).singleElement().satisfies(w ->
                assertThat(w.getThrown()).hasMessage("handler broke"));
    }

    @Test
    void exceptionInTheHandlerAfterItAnsweredKeepsTheAnswer() {
        Script script = new Script();
        RecordingExchange exchange = new RecordingExchange(script);
        new Chain2_Cim().handle(exchange, x -> {
            exchange.respond(204, null);
            throw new IllegalStateException("too late");
        });
        assertThat(script.log()).containsExactly("before 0", "before 1", after(1), after(0));
        assertThat(exchange.status()).isEqualTo(204);
        assertThat(warnings).hasSize(1);
    }

    @Test
    @Timeout(10)
    void asynchronousHandlerRunsTheAftersOnTheAnsweringThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "answerer"));
        try {
            Script script = new Script();
            RecordingExchange exchange = new RecordingExchange(script);
            CountDownLatch handed = new CountDownLatch(1);
            new Chain3_Cim().handle(exchange, x -> executor.execute(() -> {
                awaitQuietly(handed);
                script.record("handler");
                exchange.respond(202, "later");
            }));
            assertThat(script.log()).containsExactly("before 0", "before 1", "before 2");
            handed.countDown();
            assertThat(exchange.awaitSent(5, TimeUnit.SECONDS)).isTrue();
            assertThat(script.log()).containsExactly("before 0", "before 1", "before 2", "handler",
                    "after 2 on answerer", "after 1 on answerer", "after 0 on answerer");
            assertThat(exchange.status()).isEqualTo(202);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyLengthRunsAndReportsItsSize() {
        for (int n = 1; n <= Chains.MAX; n++) {
            CimChain<Exchange> chain = Chains.ofLength(n);
            assertThat(chain.size()).isEqualTo(n);
            Script script = new Script();
            run(chain, script);
            assertThat(script.log()).hasSize(2 * n + 1);
        }
    }
}
