/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link IocpDatagramChannel} off the testsuite's paths: connected sends, ICMP errors, the message types it takes
 * (and copies to direct memory) or refuses, heap receive buffers, dual-stack sockets, multicast (refused), and the
 * failures of its socket calls (injected through the emulator).
 */
@Timeout(30)
class IocpDatagramChannelEdgeTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterEach
    void disarmLeftovers() throws Exception {
        if (IocpTestSupport.emulated()) {
            disarm(group);
        }
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static IocpDatagramChannel bound(RecordingHandler recorder) throws InterruptedException {
        return (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class).handler(recorder)
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
    }

    private static ByteBuf direct(String text) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuf heap(String text) {
        return PooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String receive(DatagramSocket peer) throws IOException {
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[256], 256);
        peer.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    private static void send(DatagramSocket from, String text, InetSocketAddress to) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new java.net.DatagramPacket(b, b.length, to));
    }

    @Test
    void envelopesAndHeapBuffersAreSentFromDirectCopiesAndOtherMessagesRefused() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = bound(recorder);
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            peer.setSoTimeout(10_000);
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            ch.writeAndFlush(new DefaultAddressedEnvelope<>(heap("heap envelope"), to)).sync();
            assertThat(receive(peer)).isEqualTo("heap envelope");
            ch.writeAndFlush(new DefaultAddressedEnvelope<>(direct("direct envelope"), to)).sync();
            assertThat(receive(peer)).isEqualTo("direct envelope");
            ch.writeAndFlush(new DatagramPacket(heap("heap packet"), to)).sync();
            assertThat(receive(peer)).isEqualTo("heap packet");

            assertThat(ch.writeAndFlush(new DefaultAddressedEnvelope<>("text", to)).awaitUninterruptibly().cause())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("unsupported message type: " + DefaultAddressedEnvelope.class.getName());
            assertThat(ch.writeAndFlush("text").awaitUninterruptibly().cause())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("unsupported message type: java.lang.String (expected: DatagramPacket, "
                            + "AddressedEnvelope<ByteBuf, InetSocketAddress>, ByteBuf)");
            ByteBuf orphan = direct("nowhere");
            assertThat(ch.writeAndFlush(orphan).awaitUninterruptibly().cause()).as("a buffer needs a connected channel")
                    .isInstanceOf(java.nio.channels.NotYetConnectedException.class);
            assertThat(orphan.refCnt()).isZero();
            ByteBuf unresolved = direct("nowhere");
            assertThat(ch.writeAndFlush(new DatagramPacket(unresolved, InetSocketAddress.createUnresolved("x.invalid", 9)))
                    .awaitUninterruptibly().cause()).isInstanceOf(UnresolvedAddressException.class);
            assertThat(unresolved.refCnt()).isZero();
            assertThat(recorder.exceptions).isEmpty();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aConnectedChannelSendsBuffersToItsPeerAndReportsIcmpErrorsWithoutClosing() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = bound(recorder);
        InetSocketAddress closedPort;
        try (DatagramSocket gone = new DatagramSocket(0, LOOPBACK)) {
            closedPort = (InetSocketAddress) gone.getLocalSocketAddress();
        }
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            peer.setSoTimeout(10_000);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            ch.connect(peerAddress).sync();
            assertThat(ch.isConnected()).isTrue();
            assertThat(ch.remoteAddress()).isEqualTo(peerAddress);
            ch.writeAndFlush(heap("to the peer")).sync();
            assertThat(receive(peer)).isEqualTo("to the peer");
            send(peer, "from the peer", ch.localAddress());
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("from the peer");

            ch.disconnect().sync();
            assertThat(ch.isConnected()).isFalse();
            assertThat(ch.remoteAddress()).isNull();
            assertThat(ch.localAddress()).as("still bound").isNotNull();

            ch.connect(closedPort).sync();
            ch.writeAndFlush(direct("anyone?")).sync();
            Throwable icmp = recorder.exceptions.poll(10, TimeUnit.SECONDS);
            assertThat(icmp).isInstanceOf(IOException.class);
            if (IocpTestSupport.emulated()) {
                assertThat(icmp).isInstanceOf(PortUnreachableException.class); // Windows says WSAECONNRESET
            }
            assertThat(ch.isOpen()).as("an ICMP error concerns one datagram, not the channel").isTrue();

            ch.disconnect().sync();
            send(peer, "still receiving", ch.localAddress());
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("still receiving");
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void heapReceiveBuffersAreReplacedByDirectOnes() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new HeapRecvByteBufAllocator(64)).handler(recorder)
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            send(peer, "one", ch.localAddress());
            send(peer, "two", ch.localAddress());
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("one");
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aDualStackChannelTalksToIpv4Peers() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group)
                .channelFactory((io.netty.channel.ChannelFactory<IocpDatagramChannel>)
                        () -> new IocpDatagramChannel(SocketProtocolFamily.INET6)).handler(recorder)
                .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).sync().channel();
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            peer.setSoTimeout(10_000);
            assertThat(ch.family).isEqualTo(IocpApi.FAMILY_IPV6);
            send(peer, "ping", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ch.localAddress().getPort()));
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("ping");
            ch.writeAndFlush(new DatagramPacket(direct("pong"), (InetSocketAddress) peer.getLocalSocketAddress()))
                    .sync();
            assertThat(receive(peer)).isEqualTo("pong");
        } finally {
            ch.close().sync();
        }
        assertThatThrownBy(() -> new IocpDatagramChannel(SocketProtocolFamily.UNIX))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage("unsupported family: UNIX");
        assertThat(new IocpDatagramChannel(SocketProtocolFamily.INET).preferredFamily).isEqualTo(IocpApi.FAMILY_IPV4);
        assertThat(new IocpDatagramChannel(null).preferredFamily).as("follows the first address").isZero();
    }

    @Test
    void everyMulticastOperationFailsItsFuture() throws Exception {
        IocpDatagramChannel ch = bound(new RecordingHandler());
        try {
            InetAddress group224 = InetAddress.getByName("224.0.0.251");
            InetAddress source = InetAddress.getByName("127.0.0.1");
            NetworkInterface nif = NetworkInterface.getByInetAddress(LOOPBACK);
            InetSocketAddress groupAddress = new InetSocketAddress(group224, 5353);
            List<ChannelFuture> futures = new ArrayList<>();
            futures.add(ch.joinGroup(group224));
            futures.add(ch.joinGroup(group224, ch.newPromise()));
            futures.add(ch.joinGroup(groupAddress, nif));
            futures.add(ch.joinGroup(groupAddress, nif, ch.newPromise()));
            futures.add(ch.joinGroup(group224, nif, source));
            futures.add(ch.joinGroup(group224, nif, source, ch.newPromise()));
            futures.add(ch.leaveGroup(group224));
            futures.add(ch.leaveGroup(group224, ch.newPromise()));
            futures.add(ch.leaveGroup(groupAddress, nif));
            futures.add(ch.leaveGroup(groupAddress, nif, ch.newPromise()));
            futures.add(ch.leaveGroup(group224, nif, source));
            futures.add(ch.leaveGroup(group224, nif, source, ch.newPromise()));
            futures.add(ch.block(group224, nif, source));
            futures.add(ch.block(group224, nif, source, ch.newPromise()));
            futures.add(ch.block(group224, source));
            futures.add(ch.block(group224, source, ch.newPromise()));
            assertThat(futures).hasSize(16).allSatisfy(f -> assertThat(f.cause())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("multicast is not supported by the IOCP transport"));
            assertThat(ch.isOpen()).isTrue();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void deregisteringAbortsThePendingReceiveQuietly() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = bound(recorder);
        try {
            ch.deregister().sync();
            assertThat(ch.isRegistered()).isFalse();
            assertThat(recorder.exceptions.poll(200, TimeUnit.MILLISECONDS)).as("an abort is not an error").isNull();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void unresolvedOrFailingConnectsFailTheirFuture() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = bound(recorder);
        try {
            assertThat(ch.connect(InetSocketAddress.createUnresolved("x.invalid", 9)).awaitUninterruptibly().cause())
                    .isInstanceOf(UnresolvedAddressException.class);
            assertThat(ch.isConnected()).isFalse();
            assumeTrue(IocpTestSupport.emulated(), "the failures below are injected through the emulator");
            arm(ch, "connectDatagram", IocpApi.WSAEADDRNOTAVAIL);
            assertThat(ch.connect(new InetSocketAddress(LOOPBACK, 9)).awaitUninterruptibly().cause())
                    .isInstanceOf(IOException.class).hasMessageContaining("connect(..) failed: WSAEADDRNOTAVAIL (10049)");
            assertThat(ch.isConnected()).isFalse();

            ch.connect(new InetSocketAddress(LOOPBACK, 9)).sync();
            arm(ch, "connectDatagram", IocpApi.WSAEINVAL);
            assertThat(ch.disconnect().awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("connect(..) failed: WSAEINVAL (10022)");
            assertThat(armed(ch)).isEmpty();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aFailedSendFailsItsWriteAndReleasesTheMessage() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = bound(recorder);
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            peer.setSoTimeout(10_000);
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            arm(ch, "sendTo", IocpApi.WSAENETUNREACH);
            ByteBuf lost = direct("lost");
            ChannelFuture first = ch.write(new DatagramPacket(lost, to));
            ChannelFuture second = ch.writeAndFlush(new DatagramPacket(direct("sent"), to));
            assertThat(first.awaitUninterruptibly().cause()).isInstanceOf(java.net.NoRouteToHostException.class)
                    .hasMessage("WSASendTo(..) failed: WSAENETUNREACH (10051)");
            assertThat(lost.refCnt()).isZero();
            second.sync();
            assertThat(receive(peer)).as("the next message still goes").isEqualTo("sent");
            assertThat(ch.isOpen()).isTrue();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aReceiveThatCannotBePostedIsReported() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
        RecordingHandler recorder = new RecordingHandler();
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .handler(recorder).register().sync().channel();
        try {
            arm(ch, "recvFrom", IocpApi.WSAENOTSOCK);
            ch.bind(new InetSocketAddress(LOOPBACK, 0)).sync();
            assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessage("WSARecvFrom(..) failed: WSAENOTSOCK (10038)");
            assertThat(armed(ch)).isEmpty();
            try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
                ch.read();
                send(peer, "after", ch.localAddress());
                assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).as("a later read() posts again")
                        .isEqualTo("after");
            }
        } finally {
            ch.close().sync();
        }
    }

    /** Arms a failure of the next {@code call} on the channel's event loop. */
    static void arm(AbstractIocpChannel ch, String call, int error) throws InterruptedException {
        ch.eventLoop().submit(() -> EmulatedIocpApi.instance().failNextCall(call, error)).sync();
    }

    /** Forgets the failures a test armed on the loops of {@code group} and did not reach (emulator only). */
    static void disarm(MultiThreadIoEventLoopGroup group) throws Exception {
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.submit(() -> EmulatedIocpApi.instance().disarmFailures()).sync();
        }
    }

    /** The failures still armed on the channel's event loop. */
    static java.util.Set<String> armed(AbstractIocpChannel ch) throws Exception {
        return ch.eventLoop().submit(() -> EmulatedIocpApi.instance().armedFailures()).get();
    }
}
