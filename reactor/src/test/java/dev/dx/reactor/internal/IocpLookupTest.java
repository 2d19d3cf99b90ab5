package dev.dx.reactor.internal;

import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IocpLookupTest {

    private static final ClassLoader LOADER = IocpLookupTest.class.getClassLoader();

    @Test
    void missingJarIsNamedInTheCause() {
        assertThat(IocpLookup.unavailabilityCause(LOADER, "dev.dx.transport.iocp.NoSuchIocp"))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("the dx-transport-iocp jar is not on the class path");
    }

    @Test
    void followsIsAvailableAndUnavailabilityCause() {
        String name = FakeIocp.class.getName();
        FakeIocp.available = true;
        assertThat(IocpLookup.unavailabilityCause(LOADER, name)).isNull();
        FakeIocp.available = false;
        assertThat(IocpLookup.unavailabilityCause(LOADER, name)).hasMessage("not Windows");
        FakeIocp.cause = null;
        assertThat(IocpLookup.unavailabilityCause(LOADER, name))
                .hasMessageContaining("isAvailable() returned false");
    }

    @Test
    void aClassBreakingTheContractIsReported() {
        assertThat(IocpLookup.unavailabilityCause(LOADER, BrokenIocp.class.getName()))
                .hasMessageContaining("does not follow the lookup contract");
    }

    @Test
    void channelClassesAndFactoryFailClearlyWhenAbsent() {
        assertThatThrownBy(() -> IocpLookup.channelClass("dev.dx.transport.iocp.Nope", ServerChannel.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dev.dx.transport.iocp.Nope");
        assertThat(IocpLookup.channelClass(NioServerSocketChannel.class.getName(), ServerChannel.class))
                .isEqualTo(NioServerSocketChannel.class);
        assertThatThrownBy(IocpLookup::newFactory).isInstanceOf(IllegalStateException.class);
    }
}
