package dev.dx.reactor.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

import java.util.HashSet;
import java.util.Set;

/**
 * The mutable state of one core: its event loop, its local task queue, its counters and the open
 * connections it accepted. The public view is {@code dev.dx.reactor.CoreState}.
 *
 * <p>Threading: the counters, the connection set and {@link #runLocalTasks} belong to the core's own
 * thread. {@link #queue()} is multi-producer multi-consumer: any thread offers, the owner polls, and an
 * idle core polls when it steals. {@link #isIdle()} is read by any thread.
 */
public final class Core {

    private final int id;
    private final int cpu;
    private final Object owner;
    private final MpmcUnboundedXaddArrayQueue<Runnable> queue = new MpmcUnboundedXaddArrayQueue<>(256);
    private final Set<Channel> connections = new HashSet<>();

    private final Counter accepted = new Counter();
    private final Counter open = new Counter();
    private final Counter bytesIn = new Counter();
    private final Counter bytesOut = new Counter();
    private final Counter tasksRun = new Counter();
    private final Counter tasksStolen = new Counter();

    private volatile boolean idle;
    private volatile boolean pinned;
    private volatile boolean started;
    private volatile int osThreadId = -1;
    private volatile IoEventLoop eventLoop;
    private volatile CoreIoHandler handler;
    private volatile Object view;

    /**
     * @param id    the core index, 0-based
     * @param cpu   the CPU this core's thread is pinned to, or -1 for no pinning
     * @param owner the reactor that owns the core (compared by identity)
     */
    public Core(int id, int cpu, Object owner) {
        this.id = id;
        this.cpu = cpu;
        this.owner = owner;
    }

    public int id() {
        return id;
    }

    public int cpu() {
        return cpu;
    }

    public Object owner() {
        return owner;
    }

    public MpmcUnboundedXaddArrayQueue<Runnable> queue() {
        return queue;
    }

    public IoEventLoop eventLoop() {
        return eventLoop;
    }

    public void eventLoop(IoEventLoop loop) {
        this.eventLoop = loop;
    }

    void handler(CoreIoHandler handler) {
        this.handler = handler;
    }

    /** The public view of this core ({@code CoreState}), set once by the reactor. */
    public Object view() {
        return view;
    }

    public void view(Object view) {
        this.view = view;
    }

    public boolean isIdle() {
        return idle;
    }

    void idle(boolean idle) {
        this.idle = idle;
    }

    public boolean isPinned() {
        return pinned;
    }

    public boolean isStarted() {
        return started;
    }

    public int osThreadId() {
        return osThreadId;
    }

    void started(boolean pinned, int osThreadId) {
        this.pinned = pinned;
        this.osThreadId = osThreadId;
        this.started = true;
    }

    /** Wakes this core's thread if it is blocked waiting for I/O; any thread may call it. */
    public void wakeup() {
        CoreIoHandler h = handler;
        if (h != null) {
            h.wakeupFromAnyThread();
        }
    }

    public Counter accepted() {
        return accepted;
    }

    public Counter open() {
        return open;
    }

    public Counter bytesIn() {
        return bytesIn;
    }

    public Counter bytesOut() {
        return bytesOut;
    }

    public Counter tasksRun() {
        return tasksRun;
    }

    public Counter tasksStolen() {
        return tasksStolen;
    }

    /** The open connections this core accepted; only the core's thread may touch the set. */
    public Set<Channel> connections() {
        return connections;
    }

    /** Runs up to {@code max} tasks from the local queue on the calling (owning) thread. */
    int runLocalTasks(int max) {
        int ran = 0;
        Runnable task;
        while (ran < max && (task = queue.poll()) != null) {
            TaskRunner.run(task);
            ran++;
        }
        if (ran > 0) {
            tasksRun.add(ran);
        }
        return ran;
    }

    @Override
    public String toString() {
        return "core " + id + (cpu >= 0 ? " (cpu " + cpu + ")" : "");
    }
}
