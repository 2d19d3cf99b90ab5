package dev.dx.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak check can fail: a buffer dropped without release is reported. */
class LeakCheckExtensionTest {

    @Test
    void nettyUsesTheFailingDetector() {
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        try {
            // Paranoid detection wraps every buffer in a leak-aware wrapper.
            assertThat(buf.getClass().getSimpleName()).contains("Leak");
        } finally {
            buf.release();
        }
    }

    @Test
    void aDroppedBufferIsReportedAndAReleasedOneIsNot() throws InterruptedException {
        LeakCheckExtension.collectLeaks(); // start from a clean slate
        PooledByteBufAllocator.DEFAULT.directBuffer(16).writeInt(42).release();
        assertThat(LeakCheckExtension.collectLeaks()).isEmpty();

        leakOne();
        List<String> leaks = LeakCheckExtension.collectLeaks();
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).contains("LEAK: ByteBuf.release() was not called")
                .contains("leakOne");
    }

    private static void leakOne() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buf.writeInt(7); // an access record that names this method
        buf = null;
    }
}
