package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DebouncerTest {

    @Test
    void eventsThatComeTogetherAreOneBatchWithEachPathsFirstEventTime() throws Exception {
        BlockingQueue<Map<Path, Long>> batches = new LinkedBlockingQueue<>();
        Thread[] consumer = new Thread[1];
        try (Debouncer d = new Debouncer(Duration.ofMillis(300), "debounce-test", batch -> {
            consumer[0] = Thread.currentThread();
            batches.add(batch);
        })) {
            d.record(Path.of("/a"), 10);
            d.record(Path.of("/b"), 20);
            d.record(Path.of("/a"), 30);
            Map<Path, Long> batch = batches.poll(20, TimeUnit.SECONDS);
            assertThat(batch).containsExactly(Map.entry(Path.of("/a"), 10L), Map.entry(Path.of("/b"), 20L));
            assertThat(consumer[0].getName()).isEqualTo("debounce-test");

            d.record(Path.of("/c"), 40); // after a batch, the next one starts afresh
            assertThat(batches.poll(20, TimeUnit.SECONDS)).containsExactly(Map.entry(Path.of("/c"), 40L));
            assertThat(batches).isEmpty();
        }
    }

    @Test
    void aFailingConsumerDoesNotStopLaterBatches() throws Exception {
        BlockingQueue<Map<Path, Long>> batches = new LinkedBlockingQueue<>();
        try (Debouncer d = new Debouncer(Duration.ofMillis(1), "debounce-test", batch -> {
            batches.add(batch);
            throw new IllegalStateException("boom");
        })) {
            d.record(Path.of("/a"), System.nanoTime());
            assertThat(batches.poll(20, TimeUnit.SECONDS)).containsOnlyKeys(Path.of("/a"));
            d.record(Path.of("/b"), System.nanoTime());
            assertThat(batches.poll(20, TimeUnit.SECONDS)).containsOnlyKeys(Path.of("/b"));
        }
    }
}
