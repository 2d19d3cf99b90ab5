package dev.dx.dbteleport.internal.notify;

import dev.dx.dbteleport.internal.InvalidationSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An {@link InvalidationSink} that records every call, with the thread it came on, for tests to await. */
final class RecordingSink implements InvalidationSink {

    /** One call: {@code kind} is {@code keys}, {@code table} or {@code everything}. */
    record Event(String kind, String table, List<String> keys, long lagNanos, String reason, String thread) {
        static Event keys(String table, String... keys) {
            return new Event("keys", table, List.of(keys), 0, null, null);
        }

        static Event table(String table) {
            return new Event("table", table, null, 0, null, null);
        }

        /** Equal in what it says, ignoring lag, reason and thread. */
        boolean sameChange(Event other) {
            return kind.equals(other.kind) && java.util.Objects.equals(table, other.table)
                    && java.util.Objects.equals(keys, other.keys);
        }
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile RuntimeException failNext;

    @Override
    public void tableChanged(String table, long lagNanos) {
        record(new Event("table", table, null, lagNanos, null, Thread.currentThread().getName()));
    }

    @Override
    public void keysChanged(String table, List<String> keys, long lagNanos) {
        record(new Event("keys", table, List.copyOf(keys), lagNanos, null, Thread.currentThread().getName()));
    }

    @Override
    public void everythingChanged(String reason) {
        events.add(new Event("everything", null, null, 0, reason, Thread.currentThread().getName()));
    }

    private void record(Event e) {
        events.add(e);
        RuntimeException fail = failNext;
        if (fail != null) {
            failNext = null;
            throw fail;
        }
    }

    /** The next table or keys call throws {@code e} (after being recorded). */
    void failNext(RuntimeException e) {
        failNext = e;
    }

    /** The next event, waiting up to {@code timeout}; fails if none came. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no sink call within " + timeout);
        }
        return e;
    }

    /** The next event if one is already recorded, else {@code null}. */
    Event poll() {
        return events.poll();
    }

    /** Skips events until one matches, waiting up to {@code timeout} in all; returns the skipped ones. */
    List<Event> skipUntil(Predicate<Event> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching sink call within " + timeout + "; saw " + skipped);
            }
            if (match.test(e)) {
                return skipped;
            }
            skipped.add(e);
        }
    }

    /** Everything recorded so far, removed. */
    List<Event> drain() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }
}
