package dev.dx.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The reflective IOCP lookup against the real {@code dx-transport-iocp} classes (not {@link FakeIocp}), run on the
 * transport's pure-Java emulator from its test-jar ({@code -Ddx.iocp.emulate=true}): the contract the reactor relies
 * on holds for the jar it will meet on Windows.
 */
@Timeout(60)
class IocpLookupEmulatorTest {

    private static final String EMULATE = "dx.iocp.emulate";
    private String previous;

    @BeforeEach
    void emulate() {
        previous = System.getProperty(EMULATE);
        System.setProperty(EMULATE, "true");
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(EMULATE);
        } else {
            System.setProperty(EMULATE, previous);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void outsideWindowsTheRealTransportSaysWhyItIsUnavailable() {
        assertThat(IocpLookup.unavailabilityCause()).hasMessageContaining("requires Windows");
    }

    @Test
    void theLookedUpFactoryAndServerChannelServeAnEchoOverTheEmulator() throws Exception {
        IoHandlerFactory factory = IocpLookup.newFactory();
        Class<? extends ServerChannel> serverClass =
                IocpLookup.channelClass(IocpLookup.SERVER_SOCKET_CHANNEL, ServerChannel.class);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            Channel server = new ServerBootstrap().group(group).channel(serverClass).childHandler(new EchoHandler())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            byte[] data = new byte[32 * 1024];
            new Random(24).nextBytes(data);
            try (Socket client = new Socket()) {
                client.setSoTimeout(10_000);
                client.connect(server.localAddress());
                OutputStream out = client.getOutputStream();
                out.write(data);
                out.flush();
                byte[] back = new byte[data.length];
                new DataInputStream(client.getInputStream()).readFully(back);
                assertThat(back).isEqualTo(data);
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Writes back what it reads. */
    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }
}
