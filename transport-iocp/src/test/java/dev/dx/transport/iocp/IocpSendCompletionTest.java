/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Send completions as Windows may deliver them, made deterministic by the emulator's test hooks (so these tests run
 * on the emulator only): a {@code WSASend} that completes having sent only part of its buffers, and a send whose
 * completion arrives after those of operations started later. The channel must send the rest itself, in order, and
 * keep one send in flight at a time.
 */
@Timeout(30)
class IocpSendCompletionTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private MultiThreadIoEventLoopGroup group;
    private ServerSocket listener;
    private IocpSocketChannel client;
    private Socket peer;
    private final RecordingHandler recorder = new RecordingHandler();

    @BeforeEach
    void connect() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the send hooks exist in the emulator only");
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = (IocpSocketChannel) new Bootstrap().group(group).channel(IocpSocketChannel.class).handler(recorder)
                .connect(listener.getLocalSocketAddress()).sync().channel();
        peer = listener.accept();
        peer.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close().sync();
        }
        if (peer != null) {
            peer.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static EmulatedIocpApi emulator() {
        return EmulatedIocpApi.instance();
    }

    private static ByteBuf ascii(String s) {
        return ALLOC.directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private String readFromPeer(int bytes) throws Exception {
        byte[] b = new byte[bytes];
        new DataInputStream(peer.getInputStream()).readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void sendsThatCompletePartiallyAreFinishedByTheChannelInOrder() throws Exception {
        emulator().limitSends(client.socket, 7);
        CompositeByteBuf composite = ALLOC.compositeDirectBuffer()
                .addComponent(true, ascii("composite-one|")).addComponent(true, ascii("composite-two|"));
        ChannelFuture first = client.write(ascii("alpha-0123456789|"));
        ChannelFuture second = client.write(composite);
        ChannelFuture third = client.writeAndFlush(ascii("omega"));

        assertThat(readFromPeer(50)).isEqualTo("alpha-0123456789|composite-one|composite-two|omega");
        assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.cause()).isNull();
        assertThat(second.cause()).isNull();
        assertThat(third.cause()).isNull();
        assertThat(recorder.exceptions).isEmpty();
    }

    @Test
    void aSendCompletingAfterLaterOperationsHoldsBackTheNextSendUntilItCompletes() throws Exception {
        emulator().holdSendCompletions(client.socket);
        ChannelFuture a = client.writeAndFlush(ascii("A"));
        assertThat(readFromPeer(1)).isEqualTo("A");
        ChannelFuture b = client.writeAndFlush(ascii("B"));

        // a receive posted after the send completes first, while the send's completion is still held back
        OutputStream out = peer.getOutputStream();
        out.write('r');
        out.flush();
        assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("r");
        assertThat(a.isDone()).as("A's completion is held back").isFalse();
        assertThat(b.isDone()).isFalse();
        assertThat(emulator().heldSends(client.socket)).as("one send in flight at a time").isEqualTo(1);

        assertThat(emulator().releaseHeldSends(client.socket)).isEqualTo(1);
        assertThat(a.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(a.cause()).isNull();
        assertThat(readFromPeer(1)).as("B goes out once A has completed").isEqualTo("B");
        assertThat(b.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.cause()).isNull();
        assertThat(recorder.exceptions).isEmpty();
    }
}
