package dev.dx.reactor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactorBuilderTest {

    @Test
    void workersZeroIsRejectedWithTheValue() {
        assertThatThrownBy(() -> DxReactor.builder().workers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers : 0 (expected: > 0)");
        assertThatThrownBy(() -> DxReactor.builder().workers(-3))
                .hasMessage("workers : -3 (expected: > 0)");
        assertThatThrownBy(() -> DxReactor.builder().workers(ReactorBuilder.MAX_WORKERS + 1))
                .hasMessage("workers : 1025 (expected: 1-1024)");
    }

    @Test
    void ringAndBufferSettingsAreValidated() {
        assertThatThrownBy(() -> DxReactor.builder().ioUringRingSize(1000))
                .hasMessage("ioUringRingSize : 1000 (expected: a power of two)");
        assertThatThrownBy(() -> DxReactor.builder().ioUringRingSize(8))
                .hasMessage("ioUringRingSize : 8 (expected: 16-32768)");
        assertThatThrownBy(() -> DxReactor.builder().bufferRingSize(3))
                .hasMessage("bufferRingSize : 3 (expected: a power of two)");
        assertThatThrownBy(() -> DxReactor.builder().bufferRingBufferSize(100))
                .hasMessage("bufferRingBufferSize : 100 (expected: 256-1048576)");
        assertThatThrownBy(() -> DxReactor.builder().zeroCopySendThreshold(-2))
                .hasMessage("zeroCopySendThreshold : -2 (expected: -1-2147483647)");
        assertThatThrownBy(() -> DxReactor.builder().threadNamePrefix(" "))
                .hasMessage("threadNamePrefix : ' ' (expected: not blank)");
        assertThatThrownBy(() -> DxReactor.builder().threadNamePrefix(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("threadNamePrefix");
    }

    @Test
    void validSettingsAreKeptAndReturnTheBuilder() {
        ReactorBuilder b = DxReactor.builder();
        assertThat(b.workers(3).ioUringRingSize(256).bufferRing(false).bufferRingSize(64)
                .bufferRingBufferSize(2048).zeroCopySendThreshold(16384).tcpNoDelay(false)
                .threadNamePrefix("x").pinning(false).reusePort(false).backend(Backend.NIO)).isSameAs(b);
        assertThat(b.workers).isEqualTo(3);
        assertThat(b.ioUringRingSize).isEqualTo(256);
        assertThat(b.bufferRingSize).isEqualTo(64);
        assertThat(b.bufferRingBufferSize).isEqualTo(2048);
        assertThat(b.zeroCopySendThreshold).isEqualTo(16384);
        assertThat(b.threadNamePrefix).isEqualTo("x");
    }

    @Test
    void reusePortIsOffOnBackendsWithoutIt() {
        DxReactor reactor = DxReactor.builder().workers(1).backend(Backend.NIO).reusePort(true)
                .pinning(false).build();
        try {
            assertThat(reactor.isReusePort()).isFalse();
            assertThat(reactor.isPinning()).isFalse();
            assertThat(reactor.isBufferRing()).isFalse();
            assertThat(reactor.toString()).contains("backend=NIO", "workers=1");
        } finally {
            assertThat(reactor.shutdownGracefully(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }
}
