package dev.dx.reactor;

import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackendTest {

    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    @Test
    void detectionPicksIoUringOnLinuxWithIoUring() {
        assumeTrue(LINUX && IoUring.isAvailable(), "io_uring is not available here");
        assertThat(Backend.detect()).isEqualTo(Backend.IO_URING);
        assertThat(Backend.IO_URING.isAvailable()).isTrue();
        assertThat(Backend.IO_URING.unavailabilityCause()).isNull();
        try (DxReactor reactor = DxReactor.builder().workers(1).build()) {
            assertThat(reactor.backend()).isEqualTo(Backend.IO_URING);
        }
    }

    /**
     * The CI sets {@value #EXPECTED_PROPERTY} per runner ({@code kqueue} on macOS, {@code io_uring,epoll} on
     * Linux, {@code iocp} on Windows): there detection must find one of those, never fall back to NIO.
     */
    @Test
    @EnabledIfSystemProperty(named = EXPECTED_PROPERTY, matches = ".*\\S.*")
    void detectionPicksTheBackendThisMachineIsExpectedToHave() {
        Set<Backend> expected = Arrays.stream(System.getProperty(EXPECTED_PROPERTY).split(","))
                .map(Backend::parse).collect(Collectors.toSet());
        Backend detected = Backend.detect();
        assertThat(expected)
                .as("Backend.detect() picked %s on %s/%s; why the expected ones are unavailable: %s", detected,
                        System.getProperty("os.name"), System.getProperty("os.arch"),
                        expected.stream().map(b -> b + ": " + b.unavailabilityCause()).toList())
                .contains(detected);
    }

    private static final String EXPECTED_PROPERTY = "dx.reactor.expectedBackend";

    @Test
    void nioIsAlwaysAvailable() {
        assertThat(Backend.NIO.isAvailable()).isTrue();
        assertThat(Backend.NIO.ensureAvailability()).isSameAs(Backend.NIO);
        assertThat(Backend.NIO.supportsReusePort()).isFalse();
        assertThat(Backend.IO_URING.supportsReusePort()).isTrue();
        assertThat(Backend.EPOLL.supportsReusePort()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"IO_URING", "EPOLL", "KQUEUE", "IOCP", "NIO"})
    void forcedBackendServesAnEcho(Backend backend) throws Exception {
        assumeTrue(backend.isAvailable(), backend + " is not available here");
        try (DxReactor reactor = DxReactor.builder().workers(2).backend(backend).build().ignite()) {
            assertThat(reactor.backend()).isEqualTo(backend);
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), Echo.Handler.INSTANCE);
            assertThat(listener.isReusePort()).isEqualTo(backend.supportsReusePort());
            assertThat(listener.channels()).allSatisfy(ch ->
                    assertThat(backend.serverSocketChannelClass()).isInstanceOf(Class.class)
                            .matches(c -> c.isInstance(ch)));
            byte[] data = Echo.randomBytes(64 * 1024);
            assertThat(Echo.roundTrip(listener.localAddress(), data)).isEqualTo(data);
            // the reactor's own client on the same backend
            byte[] small = Echo.randomBytes(128);
            assertThat(Echo.roundTrip(reactor.clientBootstrap(), listener.localAddress(), small)).isEqualTo(small);
            assertThat(backend.socketChannelClass()).isNotNull();
            assertThat(backend.datagramChannelClass()).isNotNull();
            assertThat(backend.ioHandlerFactory()).isNotNull();
            listener.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"KQUEUE", "IOCP"})
    void forcingAnUnavailableBackendNamesItAndItsCause(Backend backend) {
        assumeTrue(!backend.isAvailable(), backend + " is available here");
        assertThatThrownBy(() -> DxReactor.builder().workers(1).backend(backend).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("backend " + backend + " is not available: ")
                .hasCause(backend.unavailabilityCause());
        assertThatThrownBy(backend::serverSocketChannelClass).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void iocpOutsideWindowsSaysWhy() {
        // the transport jar is on the test class path (IocpLookupTest covers a missing jar)
        assumeTrue(!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
        assertThat(Backend.IOCP.isAvailable()).isFalse();
        assertThat(Backend.IOCP.unavailabilityCause()).hasMessageContaining("requires Windows");
    }

    @Test
    void theSystemPropertyForcesABackend() {
        String old = System.getProperty(Backend.PROPERTY);
        try {
            System.setProperty(Backend.PROPERTY, "nio");
            assertThat(Backend.selected()).isEqualTo(Backend.NIO);
            try (DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build()) {
                assertThat(reactor.backend()).isEqualTo(Backend.NIO);
            }
            System.setProperty(Backend.PROPERTY, "kqueue");
            assumeTrue(!Backend.KQUEUE.isAvailable());
            assertThatThrownBy(() -> DxReactor.builder().workers(1).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("backend KQUEUE is not available: ");
            System.setProperty(Backend.PROPERTY, "bogus");
            assertThatThrownBy(Backend::selected)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("dx.reactor.backend : bogus (expected: io_uring, epoll, kqueue, iocp or nio)");
            System.setProperty(Backend.PROPERTY, " ");
            assertThat(Backend.selected()).isEqualTo(Backend.detect());
        } finally {
            if (old == null) {
                System.clearProperty(Backend.PROPERTY);
            } else {
                System.setProperty(Backend.PROPERTY, old);
            }
        }
    }

    @Test
    void namesParseLeniently() {
        assertThat(Backend.parse("io_uring")).isEqualTo(Backend.IO_URING);
        assertThat(Backend.parse("IOURING")).isEqualTo(Backend.IO_URING);
        assertThat(Backend.parse("io-uring")).isEqualTo(Backend.IO_URING);
        assertThat(Backend.parse(" Epoll ")).isEqualTo(Backend.EPOLL);
        assertThat(Backend.parse("KQueue")).isEqualTo(Backend.KQUEUE);
        assertThat(Backend.parse("iocp")).isEqualTo(Backend.IOCP);
        assertThat(Backend.parse("nio")).isEqualTo(Backend.NIO);
    }

    @Test
    void shutdownTwiceIsHarmless() {
        DxReactor reactor = DxReactor.builder().workers(1).backend(Backend.NIO).build().ignite();
        assertThat(reactor.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
        assertThat(reactor.shutdownGracefully(Duration.ofSeconds(5))).isTrue();
        assertThat(reactor.isShutdown()).isTrue();
        assertThat(reactor.isTerminated()).isTrue();
        assertThatThrownBy(reactor::ignite).isInstanceOf(IllegalStateException.class);
    }
}
