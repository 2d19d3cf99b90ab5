package dev.dx.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a Netty buffer leaked while it ran.
 *
 * <p>Registered for every test through {@code META-INF/services} and JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}, set by the root
 * pom). After the class's last test it collects garbage, lets Netty's detectors see the collected
 * buffers (Netty reports leaks lazily, from the next tracked allocation) and fails with every leak
 * report that {@link FailingResourceLeakDetector} recorded.
 *
 * <p>A leak caused by one class may be noticed while a later one runs; the report's access records
 * name the code that touched the buffer.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    private static final int ROUNDS = 3;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in or before "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Runs the collector and Netty's lazy leak reporting, then returns the recorded leaks. */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            Thread.sleep(20);
            // Each tracked allocation polls the detector's reference queue and reports leaks.
            for (int j = 0; j < 8; j++) {
                release(PooledByteBufAllocator.DEFAULT.directBuffer(1));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
                release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
            }
        }
        return FailingResourceLeakDetector.drainLeaks();
    }

    private static void release(ByteBuf buf) {
        buf.release();
    }
}
