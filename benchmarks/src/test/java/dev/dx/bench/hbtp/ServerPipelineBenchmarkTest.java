package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ServerPipelineBenchmark} serves every mode it compares: its setup refuses a pipeline that does
 * not answer each request of a read with one whole response, and a read returns the response bytes.
 */
class ServerPipelineBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"hbtp, 1, 72", "hbtp, 16, 72", "hbtp-metadata, 1, 72", "hbtp-metadata, 16, 72", "bare, 1, 72", "bare, 16, 72", "http, 1, 0", "http, 16, 0"})
    void everyModeAnswersEveryRequestOfARead(String mode, int depth, int responseSize) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new FastThreadLocalThread(() -> {
            ServerPipelineBenchmark b = new ServerPipelineBenchmark();
            b.mode = mode;
            b.depth = depth;
            try {
                b.setup();
                result.set(b.read());
            } catch (Throwable e) {
                result.set(e);
            } finally {
                b.tearDown();
            }
        });
        t.start();
        t.join();
        assertThat(result.get()).isInstanceOf(Long.class);
        long bytes = (Long) result.get();
        if (responseSize > 0) {
            // an RpcResponse: the 8-byte header and the 64 echoed bytes
            assertThat(bytes).isEqualTo((long) depth * responseSize);
        } else {
            assertThat(bytes).isGreaterThan(64L * depth);
        }
    }
}
