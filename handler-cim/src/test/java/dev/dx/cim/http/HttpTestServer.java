package dev.dx.cim.http;

import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.testing.RawHttpClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An HTTP server on a one-core {@link DxReactor} on loopback: {@code HttpServerCodec},
 * {@code HttpObjectAggregator} (64 KiB) and a {@link CimHttpHandler} per connection.
 */
public final class HttpTestServer implements AutoCloseable {

    /** The aggregator's body limit. */
    public static final int MAX_CONTENT = 64 * 1024;

    private final DxReactor reactor;
    private final Listener listener;
    private final AtomicInteger connections = new AtomicInteger();

    private HttpTestServer(Supplier<? extends ChannelHandler> handlers) {
        reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        ChannelHandler init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.incrementAndGet();
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_CONTENT),
                        handlers.get());
            }
        };
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), init);
    }

    /** A server whose connections get {@code handlers.get()} after the codec and the aggregator. */
    public static HttpTestServer start(Supplier<? extends ChannelHandler> handlers) {
        return new HttpTestServer(handlers);
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The number of connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** A new raw client connected to it. */
    public RawHttpClient connect() throws java.io.IOException {
        return new RawHttpClient(port());
    }

    @Override
    public void close() {
        reactor.shutdownGracefully(Duration.ofSeconds(5));
    }
}
