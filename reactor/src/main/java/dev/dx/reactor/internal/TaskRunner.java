package dev.dx.reactor.internal;

/** Runs a submitted task and logs what it throws, so one failing task never stops a core. */
final class TaskRunner {

    private static final System.Logger LOG = System.getLogger("dev.dx.reactor");

    private TaskRunner() {
    }

    static void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "a task submitted to the reactor threw", t);
        }
    }
}
