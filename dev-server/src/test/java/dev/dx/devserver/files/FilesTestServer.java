package dev.dx.devserver.files;

import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.testing.RawHttpClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a one-core {@link DxReactor} on loopback with the dev server's HTTP pipeline:
 * {@code HttpServerCodec}, {@code ChunkedWriteHandler}, {@code HttpObjectAggregator}, a recorder of the
 * bodies written, and a {@link CimHttpHandler} running the router.
 */
final class FilesTestServer implements AutoCloseable {

    private final DxReactor reactor;
    private final Listener listener;
    final AtomicInteger fileRegions = new AtomicInteger();
    final AtomicInteger chunkedInputs = new AtomicInteger();

    FilesTestServer(CimHttpRouter router) {
        this(router, true);
    }

    /** A server whose pipeline has a {@code ChunkedWriteHandler} only if {@code chunkedWriter}. */
    FilesTestServer(CimHttpRouter router, boolean chunkedWriter) {
        reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec());
                if (chunkedWriter) {
                    ch.pipeline().addLast(new ChunkedWriteHandler());
                }
                ch.pipeline().addLast(new HttpObjectAggregator(1 << 16), new BodyRecorder(), new CimHttpHandler(router));
                if (!chunkedWriter) {
                    // as in the dev server's WebSocket pipeline: a ChunkedWriteHandler the HTTP answers never pass
                    ch.pipeline().addLast(new ChunkedWriteHandler());
                }
            }
        });
    }

    /** Counts the streamed bodies that pass on their way out. */
    private final class BodyRecorder extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FileRegion) {
                fileRegions.incrementAndGet();
            } else if (msg instanceof ChunkedInput) {
                chunkedInputs.incrementAndGet();
            }
            ctx.write(msg, promise);
        }
    }

    /** The backend the reactor runs on. */
    String backend() {
        return reactor.backend().toString();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    RawHttpClient connect() throws IOException {
        return new RawHttpClient(port());
    }

    @Override
    public void close() {
        reactor.shutdownGracefully(Duration.ofSeconds(5));
    }
}
