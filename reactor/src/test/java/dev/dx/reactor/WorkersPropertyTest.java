package dev.dx.reactor;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

class WorkersPropertyTest {

    private static final AtomicInteger RUN = new AtomicInteger();

    @Test
    void everyWorkerCountStartsThatManyThreadsAndCoreStates() {
        // Cycles through 1..64 (80 examples, as QuickTheories may draw one it does not check), so every N is checked (uniform draws could miss some). The draw only
        // gives each example a distinct precursor, since QuickTheories skips examples it has seen.
        AtomicInteger next = new AtomicInteger();
        Gen<Integer> oneTo64 = random -> {
            random.next(Constraint.between(0, Long.MAX_VALUE - 1));
            return next.getAndIncrement() % 64 + 1;
        };
        Set<Integer> seen = new HashSet<>();
        qt().withExamples(80).withShrinkCycles(0).forAll(oneTo64).checkAssert(n -> {
            seen.add(n);
            String prefix = "prop" + RUN.incrementAndGet();
            DxReactor reactor = DxReactor.builder().workers(n).threadNamePrefix(prefix)
                    .ioUringRingSize(64).bufferRing(false).build();
            try {
                reactor.ignite();
                assertThat(reactor.workers()).isEqualTo(n);
                assertThat(reactor.cores()).hasSize(n);
                assertThat(reactor.cores()).allMatch(CoreState::isStarted);
                Set<Thread> threads = new HashSet<>();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith(prefix + "-") && t.isAlive()) {
                        threads.add(t);
                    }
                }
                assertThat(threads).hasSize(n);
                Set<Integer> ids = new HashSet<>();
                for (CoreState core : reactor.cores()) {
                    ids.add(core.id());
                }
                assertThat(ids).hasSize(n);
            } finally {
                assertThat(reactor.shutdownGracefully(Duration.ofSeconds(10))).isTrue();
            }
        });
        assertThat(seen).hasSize(64);
    }
}
