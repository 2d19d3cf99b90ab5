package dev.dx.reactor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkStealingTest {

    private static final int TASKS = 1000;

    /** What tasks threw: a failed assertion inside a task is reported by the test, not only logged. */
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Runs {@code body}, keeps what it throws, and counts {@code done} down either way. */
    private Runnable recorded(CountDownLatch done, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.countDown();
            }
        };
    }

    private void assertNoTaskFailed() {
        assertThat(failures).as("failures inside tasks").isEmpty();
    }

    /** Waits until the cores' counters account for {@code tasks} tasks (they are published per batch). */
    private static void awaitCounters(CoreState a, CoreState b, int tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.tasksRun() + b.tasksRun() < tasks && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(a.tasksRun() + b.tasksRun()).isEqualTo(tasks);
    }

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
                    reactor.submit(recorded(done, () -> {
                        runs.incrementAndGet(task);
                        ranOn.set(task, DxReactor.currentCore().id());
                        LockSupport.parkNanos(200_000); // some work, so core 0 cannot drain alone at once
                    }));
                }
            });
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertNoTaskFailed();
            for (int i = 0; i < TASKS; i++) {
                assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
            }
            int onCore1 = 0;
            for (int i = 0; i < TASKS; i++) {
                onCore1 += ranOn.get(i);
            }
            assertThat(onCore1).isPositive().isLessThan(TASKS);
            awaitCounters(core0, core1, TASKS);
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
    void tasksFromOutsideGoRoundRobinAndEveryOneRuns() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(2).build().ignite()) {
            CoreState core0 = reactor.cores().get(0);
            CoreState core1 = reactor.cores().get(1);
            // Both cores are idle; each task goes to the next core in turn (whether the submit wakes it or
            // its next poll finds the task is a matter of latency, which a unit test does not judge).
            CountDownLatch done = new CountDownLatch(100);
            AtomicIntegerArray ranOn = new AtomicIntegerArray(2);
            for (int i = 0; i < 100; i++) {
                reactor.submit(recorded(done, () -> ranOn.incrementAndGet(DxReactor.currentCore().id())));
                Thread.sleep(1); // one at a time, so each finds its core idle
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertNoTaskFailed();
            awaitCounters(core0, core1, 100);
            // Round robin: each core was given 50. A core's queue was emptied by itself (what it ran less
            // what it stole) and by the other core (what that one stole: with two cores, all from it).
            assertThat(core0.tasksRun() - core0.tasksStolen() + core1.tasksStolen()).isEqualTo(50);
            assertThat(core1.tasksRun() - core1.tasksStolen() + core0.tasksStolen()).isEqualTo(50);
            assertThat(ranOn.get(0)).isPositive();
            assertThat(ranOn.get(1)).isPositive();

            reactor.submit(() -> {
                throw new IllegalStateException("a failing task is logged and the core goes on");
            });
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
