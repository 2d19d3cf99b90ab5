package dev.dx.common;

import java.util.concurrent.TimeUnit;

/**
 * A user event asking a connection's protocol handlers to drain: stop taking new work, finish what is
 * in flight, then close the connection themselves, all before {@link #deadlineNanos()}.
 *
 * <p>Whoever shuts a server down (for example {@code DxReactor.shutdownGracefully}) fires one through
 * each connection's pipeline with {@code pipeline.fireUserEventTriggered(request)} on the connection's
 * event loop. A handler that can drain {@linkplain #claim() claims} it and passes it on; when nobody
 * claims it, the sender flushes and closes the connection itself. A connection still open at the
 * deadline is closed by force.
 *
 * <pre>
 * public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
 *     if (evt instanceof DrainRequest) {
 *         DrainRequest drain = (DrainRequest) evt;
 *         drain.claim();
 *         startDraining(drain.remainingNanos());
 *     }
 *     ctx.fireUserEventTriggered(evt);
 * }
 * </pre>
 */
public final class DrainRequest {

    private final long deadlineNanos;
    private volatile boolean claimed;

    /** A request to be done by {@code deadlineNanos}, a {@link System#nanoTime()} value. */
    public DrainRequest(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A request to be done within {@code timeout} from now. */
    public static DrainRequest within(long timeout, TimeUnit unit) {
        return new DrainRequest(System.nanoTime() + Math.max(0, unit.toNanos(timeout)));
    }

    /** The {@link System#nanoTime()} by which the connection should be closed. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Nanoseconds left until the deadline, never negative. */
    public long remainingNanos() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    /** Tells the sender that a handler drains this connection and will close it. */
    public void claim() {
        claimed = true;
    }

    /** Whether a handler has claimed the request. */
    public boolean isClaimed() {
        return claimed;
    }

    @Override
    public String toString() {
        return "DrainRequest(remaining=" + TimeUnit.NANOSECONDS.toMillis(remainingNanos()) + " ms, claimed="
                + claimed + ")";
    }
}
