package dev.dx.reactor;

import dev.dx.reactor.internal.Core;
import io.netty.channel.IoEventLoop;

/**
 * One core of a {@link DxReactor}: its event loop, its thread's pinning, its local task queue and its
 * counters.
 *
 * <p>The counters are written only by the core's own thread, without atomics; any thread may read
 * them and eventually sees every update (they are monotonic except {@link #openConnections()}).
 */
public final class CoreState {

    private final Core core;

    CoreState(Core core) {
        this.core = core;
        core.view(this);
    }

    /** The core index, {@code 0 .. workers - 1}. */
    public int id() {
        return core.id();
    }

    /** The event loop (one thread) of this core. */
    public IoEventLoop eventLoop() {
        return core.eventLoop();
    }

    /** The CPU this core's thread is pinned to, or -1 when pinning is off. */
    public int cpu() {
        return core.cpu();
    }

    /** Whether the thread was pinned and the OS confirmed its affinity is exactly {@link #cpu()}. */
    public boolean isPinned() {
        return core.isPinned();
    }

    /** Whether the core's thread has started ({@link DxReactor#ignite()} waits for this). */
    public boolean isStarted() {
        return core.isStarted();
    }

    /** The OS thread id of this core's thread (Linux), or -1 when unknown or not yet started. */
    public int osThreadId() {
        return core.osThreadId();
    }

    /** Whether the calling thread is this core's thread. */
    public boolean isCurrent() {
        return core.eventLoop().inEventLoop();
    }

    /** Tasks waiting in this core's local queue (approximate while other threads offer or steal). */
    public int localQueueSize() {
        return core.queue().size();
    }

    /** Connections accepted by this core that are still open. */
    public long openConnections() {
        return core.open().get();
    }

    /** Connections this core has accepted since it started. */
    public long acceptedConnections() {
        return core.accepted().get();
    }

    /** Bytes read from accepted connections ({@code ByteBuf} and {@code ByteBufHolder} messages). */
    public long bytesIn() {
        return core.bytesIn().get();
    }

    /** Bytes written to accepted connections ({@code ByteBuf} and {@code ByteBufHolder} messages). */
    public long bytesOut() {
        return core.bytesOut().get();
    }

    /** Submitted tasks this core has run, its own and stolen ones. */
    public long tasksRun() {
        return core.tasksRun().get();
    }

    /** Submitted tasks this core took from other cores' queues and ran. */
    public long tasksStolen() {
        return core.tasksStolen().get();
    }

    @Override
    public String toString() {
        return "CoreState{id=" + id() + ", cpu=" + cpu() + ", pinned=" + isPinned()
                + ", open=" + openConnections() + ", tasksRun=" + tasksRun()
                + ", tasksStolen=" + tasksStolen() + '}';
    }
}
