package dev.dx.bench.teleport;

import com.sun.management.ThreadMXBean;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;

/**
 * Where the default encode path's bytes per message come from: the same loop (generated
 * {@code write}, {@code finish()} into a new pooled buffer, {@code release()}) on a plain
 * {@link Thread}, like a JMH worker, and on a {@link FastThreadLocalThread}, like a Netty event loop,
 * counting the thread's allocated bytes. No timing. Run:
 * {@code java -cp benchmarks.jar dev.dx.bench.teleport.AllocationPerMessage} (add
 * {@code -Dio.netty.leakDetection.level=disabled} to leave out the leak detector's samples).
 */
public final class AllocationPerMessage {

    private static final int MESSAGES = 2_000_000;

    private AllocationPerMessage() {
    }

    /**
     * Prints bytes per message for User and Car on both kinds of thread, three rounds each.
     *
     * @param args unused
     * @throws InterruptedException if interrupted while waiting for a thread
     */
    public static void main(String[] args) throws InterruptedException {
        Thread plain = new Thread(() -> run("Thread               "));
        plain.start();
        plain.join();
        Thread fast = new FastThreadLocalThread(() -> run("FastThreadLocalThread"));
        fast.start();
        fast.join();
    }

    private static void run(String label) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        long length = 0;
        for (int round = 0; round < 3; round++) {
            long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < MESSAGES; i++) {
                User_Teleport.write(writer, Samples.USER);
                length += release(writer.finish());
            }
            long user = mx.getThreadAllocatedBytes(thread) - before;
            before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < MESSAGES; i++) {
                Car_Teleport.write(writer, Samples.CAR);
                length += release(writer.finish());
            }
            long car = mx.getThreadAllocatedBytes(thread) - before;
            System.out.printf("%s round %d: User %.1f B/message, Car %.1f B/message (%d bytes written)%n",
                    label, round, (double) user / MESSAGES, (double) car / MESSAGES, length);
        }
    }

    private static int release(ByteBuf message) {
        int length = message.readableBytes();
        message.release();
        return length;
    }
}
