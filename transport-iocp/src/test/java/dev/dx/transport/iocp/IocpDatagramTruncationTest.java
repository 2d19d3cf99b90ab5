/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A datagram longer than the receive buffer completes its {@code WSARecvFrom} with {@code WSAEMSGSIZE} and the head
 * of the datagram in the buffer. The channel delivers that head, as NIO does with a truncated datagram, and keeps
 * receiving; it neither fails nor closes.
 */
@Timeout(30)
class IocpDatagramTruncationTest {

    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aDatagramLongerThanTheBufferArrivesTruncatedAndTheChannelKeepsReceiving() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        Channel ch = new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(8))
                .handler(recorder)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(peer, "0123456789abcdefghij", ch.localAddress());
            send(peer, "xyz", ch.localAddress());

            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).as("the first 8 bytes").isEqualTo("01234567");
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).as("the next datagram").isEqualTo("xyz");
            assertThat(recorder.exceptions).isEmpty();
            assertThat(ch.isOpen()).isTrue();
        } finally {
            ch.close().sync();
        }
    }

    private static void send(DatagramSocket from, String text, java.net.SocketAddress to) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, to));
    }
}
