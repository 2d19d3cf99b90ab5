package dev.dx.reactor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread (its core) and read by any thread.
 *
 * <p>Writes are opaque ({@code VarHandle.setOpaque}): no fence and no atomic read-modify-write, so
 * incrementing costs the same as a plain field on x86 and ARM, yet another thread eventually sees
 * every value and never a torn one.
 */
public final class Counter {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds {@code delta}; only the owning thread may call this. */
    public void add(long delta) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + delta);
    }

    /** Adds one; only the owning thread may call this. */
    public void increment() {
        add(1);
    }

    /** The latest value this thread can see. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }
}
