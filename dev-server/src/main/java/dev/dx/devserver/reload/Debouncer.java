package dev.dx.devserver.reload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects changed paths until no event has come for the debounce time, then hands them over in one batch,
 * each with the time ({@link System#nanoTime()}) of its first event. Events may be recorded from any thread;
 * batches are handed over one at a time on this debouncer's own thread, so the consumer needs no locking.
 */
final class Debouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);

    private final long quietNanos;
    private final Consumer<Map<Path, Long>> consumer;
    private final ScheduledExecutorService timer;
    /** Guarded by this. */
    private Map<Path, Long> pending = new LinkedHashMap<>();
    /** Guarded by this. */
    private long lastEvent;
    /** Guarded by this: a settle task is scheduled. */
    private boolean scheduled;

    Debouncer(Duration quiet, String threadName, Consumer<Map<Path, Long>> consumer) {
        this.quietNanos = quiet.toNanos();
        this.consumer = consumer;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Records an event for {@code path} at {@code nanos} (its {@link System#nanoTime()}). */
    void record(Path path, long nanos) {
        synchronized (this) {
            pending.putIfAbsent(path, nanos);
            lastEvent = nanos;
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule(quietNanos);
    }

    private void schedule(long delayNanos) {
        try {
            timer.schedule(this::settle, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: the events are dropped with the watcher
        }
    }

    private void settle() {
        Map<Path, Long> batch;
        synchronized (this) {
            long quiet = System.nanoTime() - lastEvent;
            if (quiet < quietNanos) {
                schedule(quietNanos - quiet); // an event came meanwhile: wait until it is as old as the debounce
                return;
            }
            batch = pending;
            pending = new LinkedHashMap<>();
            scheduled = false;
        }
        try {
            consumer.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("pushing the changes to {} failed", batch.keySet(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
