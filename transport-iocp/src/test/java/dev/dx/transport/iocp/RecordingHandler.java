/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Test handler: records what a channel reads (as ASCII text: a {@link ByteBuf}'s bytes or a
 * {@link DatagramPacket}'s content), releasing it, and every exception that reaches it, so that a test can assert
 * on both (an exception thrown from a handler would be logged by Netty and lost). Sharable.
 */
@ChannelHandler.Sharable
final class RecordingHandler extends ChannelInboundHandlerAdapter {

    final BlockingQueue<String> reads = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> exceptions = new LinkedBlockingQueue<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf content = msg instanceof DatagramPacket ? ((DatagramPacket) msg).content() : (ByteBuf) msg;
            reads.add(content.toString(StandardCharsets.US_ASCII));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }
}
