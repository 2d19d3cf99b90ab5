package dev.dx.reactor.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places submitted tasks on core-local queues and lets idle cores steal from the busiest one.
 *
 * <p>The protocol, per core: a core that is about to block for I/O first marks itself idle (a volatile
 * write), then looks once more at its own queue and at every other queue; if it finds work it clears
 * the mark and does not block. A submitter first offers the task (a volatile write inside the queue),
 * then reads the idle marks: it wakes the target core if that core is idle, and, when the target's queue
 * holds at least {@value #STEAL_THRESHOLD} tasks, it also wakes one idle peer so the peer can steal.
 * Both sides write before they read, so at least one of them sees the other (the Dekker pattern): a
 * task is never left in a queue while every core sleeps.
 */
public final class Scheduler {

    /** A queue this long is worth stealing from. */
    static final int STEAL_THRESHOLD = 2;
    /** At most this many tasks move in one steal. */
    static final int MAX_STEAL_BATCH = 64;
    /** At most this many local tasks run per event loop iteration before I/O is polled again. */
    static final int LOCAL_BATCH = 64;

    private final Core[] cores;
    private final AtomicInteger nextCore = new AtomicInteger();
    private volatile boolean shutdown;

    public Scheduler(Core[] cores) {
        this.cores = cores;
    }

    /** After this, {@link #submit} rejects new tasks. */
    public void shutdown() {
        shutdown = true;
    }

    /**
     * Queues {@code task} on the calling core's local queue, or on the next core in round-robin order
     * when the caller is not one of this reactor's threads.
     */
    public void submit(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the reactor is shutting down");
        }
        Core current = CoreThread.currentCore();
        Core target;
        if (current != null && current.owner() == cores[0].owner()) {
            target = current;
        } else {
            target = cores[Math.floorMod(nextCore.getAndIncrement(), cores.length)];
        }
        target.queue().offer(task);
        if (target != current && target.isIdle()) {
            target.wakeup();
        }
        if (cores.length > 1 && target.queue().size() >= STEAL_THRESHOLD) {
            wakeOneIdlePeer(target);
        }
    }

    private void wakeOneIdlePeer(Core busy) {
        int start = busy.id() + 1;
        for (int i = 0; i < cores.length - 1; i++) {
            Core peer = cores[(start + i) % cores.length];
            if (peer.isIdle()) {
                peer.wakeup();
                return;
            }
        }
    }

    /** Whether some core other than {@code thief} has a queue worth stealing from. */
    boolean hasStealableWork(Core thief) {
        for (Core victim : cores) {
            if (victim != thief && victim.queue().size() >= STEAL_THRESHOLD) {
                return true;
            }
        }
        return false;
    }

    /**
     * Steals up to half of the busiest other core's queue (at most {@value #MAX_STEAL_BATCH} tasks) and
     * runs them on the calling thread, which must be {@code thief}'s. Returns how many ran.
     */
    int steal(Core thief) {
        Core victim = null;
        int most = STEAL_THRESHOLD - 1;
        for (Core c : cores) {
            if (c != thief) {
                int size = c.queue().size();
                if (size > most) {
                    most = size;
                    victim = c;
                }
            }
        }
        if (victim == null) {
            return 0;
        }
        int batch = Math.min(MAX_STEAL_BATCH, (most + 1) / 2);
        int ran = 0;
        Runnable task;
        while (ran < batch && (task = victim.queue().poll()) != null) {
            TaskRunner.run(task);
            ran++;
        }
        if (ran > 0) {
            thief.tasksRun().add(ran);
            thief.tasksStolen().add(ran);
        }
        return ran;
    }

    /** Runs whatever is left in every local queue on the calling thread (used at shutdown). */
    void drain(Core core) {
        while (core.runLocalTasks(Integer.MAX_VALUE) > 0) {
            // keep going until empty
        }
    }
}
