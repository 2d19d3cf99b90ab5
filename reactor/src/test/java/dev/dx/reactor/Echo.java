package dev.dx.reactor;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Echo server handler and a blocking echo client for the tests. */
final class Echo {

    private Echo() {
    }

    /** Writes back what it reads; releases nothing itself (the write path releases). */
    @ChannelHandler.Sharable
    static final class Handler extends ChannelInboundHandlerAdapter {
        static final Handler INSTANCE = new Handler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        ThreadLocalRandom.current().nextBytes(data);
        return data;
    }

    /** Sends {@code data} on a fresh NIO connection and returns the echoed bytes. */
    static byte[] roundTrip(SocketAddress address, byte[] data) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            return roundTrip(new Bootstrap().group(group).channel(NioSocketChannel.class), address, data);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Sends {@code data} with {@code bootstrap} and returns the echoed bytes. */
    static byte[] roundTrip(Bootstrap bootstrap, SocketAddress address, byte[] data) throws Exception {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Channel ch = bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                c.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        byte[] chunk = new byte[msg.readableBytes()];
                        msg.readBytes(chunk);
                        received.write(chunk, 0, chunk.length);
                        if (received.size() >= data.length) {
                            result.complete(received.toByteArray());
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        result.completeExceptionally(cause);
                        ctx.close();
                    }
                });
            }
        }).connect(address).sync().channel();
        try {
            ch.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
            return result.get(30, TimeUnit.SECONDS);
        } finally {
            ch.close().sync();
        }
    }
}
