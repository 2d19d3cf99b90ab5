package dev.dx.cim.processor.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.dx.cim.Exchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * For every chain length 1..16, stop point and way of stopping, with a synchronous or an asynchronous
 * handler: the after-hooks run exactly the before-hooks that continued, in reverse.
 */
class ChainOrderPropertyTest {

    private static ExecutorService executor;
    private static final Logger EXCHANGE_LOG = Logger.getLogger(Exchange.class.getName());

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "async-handler"));
        EXCHANGE_LOG.setUseParentHandlers(false); // thousands of expected hook failures
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        EXCHANGE_LOG.setUseParentHandlers(true);
    }

    @Test
    @Timeout(60)
    void aftersMirrorTheBeforesThatContinued() {
        qt().withExamples(300).forAll(
                integers().between(1, Chains.MAX),
                integers().between(0, Chains.MAX), // a stop point ≥ n means no middleware stops
                integers().between(0, Script.Stop.values().length - 1),
                booleans().all())
                .checkAssert((n, stopAt, how, async) -> {
                    Script script = new Script().stopAt(stopAt, Script.Stop.values()[how]);
                    RecordingExchange exchange = new RecordingExchange(script);
                    Chains.ofLength(n).handle(exchange, x -> {
                        Runnable answer = () -> {
                            script.record("handler");
                            exchange.respond(200, "ok");
                        };
                        if (async) {
                            executor.execute(answer);
                        } else {
                            answer.run();
                        }
                    });
                    try {
                        assertThat(exchange.awaitSent(5, TimeUnit.SECONDS)).as("answered").isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    List<Integer> befores = new ArrayList<>();
                    List<Integer> afters = new ArrayList<>();
                    for (String event : script.log()) {
                        String[] words = event.split(" ");
                        if (words[0].equals("before")) {
                            befores.add(Integer.parseInt(words[1]));
                        } else if (words[0].equals("after")) {
                            afters.add(Integer.parseInt(words[1]));
                        }
                    }
                    boolean stopped = stopAt < n;
                    List<Integer> continued = new ArrayList<>(stopped ? befores.subList(0, stopAt) : befores);
                    Collections.reverse(continued);
                    assertThat(befores).hasSize(stopped ? stopAt + 1 : n);
                    assertThat(afters).isEqualTo(continued);
                    assertThat(script.log().contains("handler")).isEqualTo(!stopped);
                    assertThat(exchange.status()).isEqualTo(!stopped ? 200
                            : Script.Stop.values()[how] == Script.Stop.ANSWER
                                    || Script.Stop.values()[how] == Script.Stop.ANSWER_AND_CONTINUE ? 401 : 500);
                });
    }
}
