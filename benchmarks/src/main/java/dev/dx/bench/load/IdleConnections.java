package dev.dx.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens N connections to a server and keeps them idle (nothing is sent) until stdin closes or reads
 * {@code quit}: {@code java -cp benchmarks.jar dev.dx.bench.load.IdleConnections 127.0.0.1 7007 19000 epoll}.
 * Prints {@code OPEN <n>} once all are connected.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    /** Releases anything that arrives (nothing should). {@code @Sharable}. */
    @ChannelHandler.Sharable
    static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        LoadConfig.Transport transport = args.length > 3
                ? LoadConfig.Transport.of(args[3]) : LoadConfig.Transport.EPOLL;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transports.factory(transport));
        List<Channel> channels = new ArrayList<>(n);
        try {
            Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel(transport))
                    .handler(Discard.INSTANCE);
            InetSocketAddress target = new InetSocketAddress(host, port);
            for (int i = 0; i < n; i++) {
                channels.add(b.connect(target).sync().channel());
            }
            System.out.println("OPEN " + channels.size());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
                long open = channels.stream().filter(Channel::isActive).count();
                System.out.println("OPEN " + open);
                System.out.flush();
            }
        } finally {
            for (Channel ch : channels) {
                ch.close();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
