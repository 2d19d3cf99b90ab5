package dev.dx.reactor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkStealingTest {

    private static final int TASKS = 1000;

    @Test
    void anIdleCoreStealsAndEveryTaskRunsExactlyOnce() throws Exception {
        AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
        AtomicIntegerArray ranOn = new AtomicIntegerArray(TASKS);
        CountDownLatch done = new CountDownLatch(TASKS);
        DxReactor reactor = DxReactor.builder().workers(2).build().ignite();
        try {
            CoreState core0 = reactor.cores().get(0);
            CoreState core1 = reactor.cores().get(1);
            // Submitted on core 0, so all 1,000 land on core 0's local queue; core 1 has nothing.
            core0.eventLoop().execute(() -> {
                for (int i = 0; i < TASKS; i++) {
                    int task = i;
                    reactor.submit(() -> {
                        runs.incrementAndGet(task);
                        ranOn.set(task, DxReactor.currentCore().id());
                        LockSupport.parkNanos(200_000); // some work, so core 0 cannot drain alone at once
                        done.countDown();
                    });
                }
            });
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < TASKS; i++) {
                assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
            }
            int onCore1 = 0;
            for (int i = 0; i < TASKS; i++) {
                onCore1 += ranOn.get(i);
            }
            assertThat(onCore1).isPositive().isLessThan(TASKS);
            // The counters are updated right after each batch; wait until both cores have published.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (core0.tasksRun() + core1.tasksRun() < TASKS && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(core0.tasksRun() + core1.tasksRun()).isEqualTo(TASKS);
            assertThat(core1.tasksStolen()).isEqualTo(onCore1);
            assertThat(core1.tasksRun()).isEqualTo(core1.tasksStolen());
            assertThat(core0.tasksStolen()).isZero();
            assertThat(core0.localQueueSize()).isZero();
        } finally {
            reactor.close();
        }
        assertThatThrownBy(() -> reactor.submit(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void tasksFromOutsideGoRoundRobinAndWakeIdleCores() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).build().ignite()) {
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                reactor.submit(() -> {
                    assertThat(DxReactor.currentCore()).isNotNull();
                    done.countDown();
                });
            }
            reactor.submit(() -> {
                throw new IllegalStateException("a failing task is logged and the core goes on");
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            CountDownLatch after = new CountDownLatch(1);
            reactor.submit(after::countDown);
            assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void submitIgnitesANewReactor() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(1).build()) {
            CountDownLatch ran = new CountDownLatch(1);
            reactor.submit(ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reactor.cores().get(0).isStarted()).isTrue();
        }
    }
}
