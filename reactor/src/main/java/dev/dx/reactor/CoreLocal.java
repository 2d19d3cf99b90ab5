package dev.dx.reactor;

import dev.dx.reactor.internal.Core;
import dev.dx.reactor.internal.CoreThread;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One value per core of a {@link DxReactor}, read by the core's own thread without locks or atomics:
 * {@link #get()} is a field read of the current thread and an array load.
 *
 * <pre>{@code
 * CoreLocal<TokenBucket> buckets = reactor.coreLocal(core -> new TokenBucket(100));
 * // in a handler, on a reactor thread:
 * if (!buckets.get().tryTake()) { ... }
 * }</pre>
 *
 * <p>All values are created when the {@code CoreLocal} is created and never replaced. Each value should
 * be touched only by its own core (that is what makes it lock-free); {@link #get(int)} and
 * {@link #values()} exist for aggregation (metrics, tests), and reading a value from another thread is
 * only safe if the value itself is safe to read concurrently.
 *
 * @param <T> the value type
 */
public final class CoreLocal<T> {

    private final DxReactor owner;
    private final Object[] values;

    CoreLocal(DxReactor owner, Function<CoreState, ? extends T> initial) {
        this.owner = owner;
        List<CoreState> cores = owner.cores();
        Object[] v = new Object[cores.size()];
        for (CoreState core : cores) {
            v[core.id()] = initial.apply(core);
        }
        this.values = v;
    }

    /**
     * The value of the calling thread's core.
     *
     * @throws IllegalStateException if the caller is not a thread of the owning reactor
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Core core = CoreThread.currentCore();
        if (core == null || core.owner() != owner) {
            throw new IllegalStateException("CoreLocal.get() called on " + Thread.currentThread().getName()
                    + ", which is not a core of this reactor");
        }
        return (T) values[core.id()];
    }

    /** The value of core {@code coreId}; see the class comment about reading from other threads. */
    @SuppressWarnings("unchecked")
    public T get(int coreId) {
        return (T) values[coreId];
    }

    /** Every core's value in core order; see the class comment about reading from other threads. */
    @SuppressWarnings("unchecked")
    public List<T> values() {
        List<T> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add((T) v);
        }
        return Collections.unmodifiableList(list);
    }

    /** The number of values (the reactor's workers). */
    public int size() {
        return values.length;
    }
}
