package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.secure.HbtpClientHandshaker;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An HBTP RPC client over one connection. Connects through any Netty {@link Bootstrap} (NIO, epoll,
 * io_uring, a DxReactor's client bootstrap), runs the optional §6 handshake, and offers
 * {@link CompletableFuture} calls that may be pipelined from any thread.
 *
 * <pre>
 * Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class);
 * HbtpClient client = HbtpClient.connect(b, address, new HbtpClientConfig()).join();
 * ByteBuf result = client.call(7, Unpooled.copiedBuffer("abc", UTF_8)).join();
 * try { ... } finally { result.release(); }
 * </pre>
 *
 * <p>The pipeline it installs: {@code hbtp} ({@link HbtpClientCodec}), {@code handshake} (if
 * configured), {@code control} ({@link HbtpControlHandler}), {@code client} ({@link HbtpClientHandler}).
 */
public final class HbtpClient implements AutoCloseable {

    private final Channel channel;
    private final HbtpClientHandler handler;

    private HbtpClient(Channel channel, HbtpClientHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    /**
     * Installs the client pipeline on {@code p}: the codec, the handshake (when configured), the control
     * handler, a {@code ChunkedWriteHandler} (uploads read their source only while the channel is
     * writable) and the {@link HbtpClientHandler}.
     */
    public static void initPipeline(ChannelPipeline p, HbtpClientConfig config) {
        // the client's peerVersion is the codec's too: with a 1.1 server, encrypted frames go out in Batches (§12)
        p.addLast("hbtp", new HbtpClientCodec(config.codec().snapshot().peerVersion(config.peerVersion())));
        if (config.handshake() != null) {
            p.addLast("handshake", new HbtpClientHandshaker(config.handshake()));
        }
        p.addLast("control", new HbtpControlHandler());
        p.addLast("chunked", new ChunkedWriteHandler()); // uploads: chunks pulled only while writable
        p.addLast("client", new HbtpClientHandler(config.callTimeoutMillis(), config.peerVersion()));
    }

    /**
     * Connects {@code bootstrap} (a copy is configured; the caller's is left unchanged) to
     * {@code remote}; completes once the connection is up and, with a handshake, AuthSuccess verified.
     */
    public static CompletableFuture<HbtpClient> connect(Bootstrap bootstrap, SocketAddress remote,
                                                        HbtpClientConfig config) {
        checkNotNull(bootstrap, "bootstrap");
        checkNotNull(config, "config");
        CompletableFuture<HbtpClient> result = new CompletableFuture<>();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                initPipeline(ch.pipeline(), config);
            }
        });
        ChannelFuture cf = b.connect(remote);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel ch = cf.channel();
            HbtpClient client = new HbtpClient(ch, ch.pipeline().get(HbtpClientHandler.class));
            HbtpClientHandshaker hs = ch.pipeline().get(HbtpClientHandshaker.class);
            if (hs == null) {
                result.complete(client);
                return;
            }
            hs.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(client);
                } else {
                    ch.close();
                    result.completeExceptionally(h.cause());
                }
            });
        });
        return result;
    }

    /** Wraps a channel whose pipeline already holds an {@link HbtpClientHandler}. */
    public static HbtpClient wrap(Channel channel) {
        HbtpClientHandler h = checkNotNull(channel, "channel").pipeline().get(HbtpClientHandler.class);
        if (h == null) {
            throw new IllegalArgumentException("channel : " + channel + " (expected: a pipeline with HbtpClientHandler)");
        }
        return new HbtpClient(channel, h);
    }

    /** Calls {@code route}; the result must be released by the caller. Consumes {@code arguments}. */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments) {
        return handler.call(route, arguments);
    }

    /** Calls {@code route} with a per-call timeout kept on this side (not sent to the server). */
    public CompletableFuture<ByteBuf> call(int route, ByteBuf arguments, long timeoutMillis) {
        return handler.call(route, arguments, timeoutMillis);
    }

    /**
     * Calls {@code route} with a timeout the server is told of, metadata and a cancellation signal
     * (§11.1, §11.2). The response carries the result and the server's metadata; release it. Cancelling
     * the future sends RpcCancel. See {@link HbtpClientHandler#call(int, ByteBuf, HbtpCallOptions)}.
     */
    public CompletableFuture<HbtpResponse> call(int route, ByteBuf arguments, HbtpCallOptions options) {
        return handler.call(route, arguments, options);
    }

    /**
     * Starts a server stream on {@code route}; see
     * {@link HbtpClientHandler#stream(int, ByteBuf, HbtpCallOptions, long, HbtpStreamObserver)}.
     *
     * <pre>
     * HbtpClientStream s = client.stream(9, args, HbtpCallOptions.DEFAULT, 16, observer);  // 16 chunks at first
     * s.request(16);   // from onNext, when the observer has room for more
     * </pre>
     */
    public HbtpClientStream stream(int route, ByteBuf arguments, HbtpCallOptions options, long initialCredit,
                                   HbtpStreamObserver observer) {
        return handler.stream(route, arguments, options, initialCredit, observer);
    }

    /**
     * Sends an upload stream on {@code route} and completes with the server's one answer for it; see
     * {@link HbtpClientHandler#upload(int, ByteBuf, ChunkedInput, HbtpCallOptions)}.
     *
     * <pre>
     * client.upload(3, args, new ChunkedNioFile(file), HbtpCallOptions.DEFAULT.withTimeoutMillis(60_000))
     *       .thenAccept(answer -&gt; { ...; answer.release(); });
     * </pre>
     */
    public CompletableFuture<HbtpResponse> upload(int route, ByteBuf arguments, ChunkedInput<ByteBuf> source,
                                                  HbtpCallOptions options) {
        return handler.upload(route, arguments, source, options);
    }

    /**
     * Sends a Ping; completes with the round-trip time when the Pong arrives, or fails if the connection
     * closes first.
     */
    public CompletableFuture<Duration> ping() {
        HbtpControlHandler control = channel.pipeline().get(HbtpControlHandler.class);
        if (control == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no HbtpControlHandler in the pipeline"));
        }
        return control.ping();
    }

    /**
     * Whether new calls can be made: the connection is open and the server has sent neither GoAway nor
     * Close (§11.4). After GoAway the calls already made are still answered.
     */
    public boolean isActive() {
        return handler.isAcceptingCalls();
    }

    /** Completes when the connection has closed. */
    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    /** The connection. */
    public Channel channel() {
        return channel;
    }

    /** The number of calls holding a sequence. Read it from the event loop for an exact value. */
    public int inFlight() {
        return handler.inFlight();
    }

    /** Sends Close and closes the connection. */
    @Override
    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(HbtpFrame.close()).addListener(f -> channel.close());
        } else {
            channel.close();
        }
    }
}
