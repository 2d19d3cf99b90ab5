/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Closing a socket completes what is pending on it with an error, and on Windows that error is often
 * {@code ERROR_NETNAME_DELETED} (64), not the {@code ERROR_OPERATION_ABORTED} (995) of a cancellation. The emulator
 * reports 64, so a channel that treats only 995 as "my own close" would report a reset to the user. The socket is
 * closed with {@code closeForcibly()}, which keeps the channel registered and its pipeline in place, so that a
 * wrongly reported error would reach the recording handler.
 */
@Timeout(30)
class IocpClosedSocketCompletionTest {

    private MultiThreadIoEventLoopGroup group;
    private final RecordingHandler recorder = new RecordingHandler();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aReceivePendingAtCloseEndsQuietly() throws Exception {
        closeWithAReceivePending(true);
    }

    @Test
    void aZeroByteReceivePendingAtCloseEndsQuietly() throws Exception {
        closeWithAReceivePending(false);
    }

    private void closeWithAReceivePending(boolean autoRead) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel client = new Bootstrap().group(group).channel(IocpSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, autoRead).handler(recorder)
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept()) {
                // auto-read on: a WSARecv with a buffer is pending; off: the zero-byte WSARecv that watches for a FIN
                awaitInFlight(client, 1);
                closeForciblyAndDrain(client);
                assertThat(recorder.exceptions).as("errors of operations cut off by our own close").isEmpty();
                assertThat(recorder.reads).isEmpty();
            } finally {
                client.close().sync();
            }
        }
    }

    @Test
    void aDatagramReceivePendingAtCloseEndsQuietly() throws Exception {
        Channel ch = new Bootstrap().group(group).channel(IocpDatagramChannel.class).handler(recorder)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            awaitInFlight(ch, 1);
            closeForciblyAndDrain(ch);
            assertThat(recorder.exceptions).isEmpty();
        } finally {
            ch.close().sync();
        }
    }

    /** Closes the socket without deregistering, then waits until its aborted operations have been dispatched. */
    private static void closeForciblyAndDrain(Channel ch) throws Exception {
        ch.eventLoop().submit(() -> ch.unsafe().closeForcibly()).sync();
        awaitInFlight(ch, 0);
    }

    /** Bounded wait (no timing assertion) until the channel has {@code n} operations in flight. */
    static void awaitInFlight(Channel ch, int n) throws Exception {
        AbstractIocpChannel c = (AbstractIocpChannel) ch;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int inFlight;
        while ((inFlight = c.eventLoop().submit(() -> c.registration.inFlight()).get()) != n
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(2);
        }
        assertThat(inFlight).as("operations in flight on " + ch).isEqualTo(n);
    }
}
