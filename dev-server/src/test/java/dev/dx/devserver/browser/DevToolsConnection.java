package dev.dx.devserver.browser;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WebSocket to Chromium's DevTools endpoint, over Netty's WebSocket client: sends commands
 * ({@code {"id", "method", "params", "sessionId"}}) and matches their answers by id; every message
 * without an id is an event, handed to the listener. Messages are JSON text; a screenshot's answer
 * can be megabytes, so messages are aggregated up to {@link #MAX_MESSAGE}.
 */
final class DevToolsConnection implements AutoCloseable {

    static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Long, CompletableFuture<Map<String, Object>>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Consumer<Map<String, Object>> events;
    private Channel channel;

    private DevToolsConnection(Consumer<Map<String, Object>> events) {
        this.events = events;
    }

    /** Connects to {@code ws://host:port/devtools/browser/...} and completes the WebSocket handshake. */
    static DevToolsConnection open(URI uri, Consumer<Map<String, Object>> events, Duration timeout) throws IOException {
        DevToolsConnection c = new DevToolsConnection(events);
        try {
            c.connect(uri, timeout);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void connect(URI uri, Duration timeout) throws IOException {
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(MAX_MESSAGE)
                .handshakeTimeoutMillis(timeout.toMillis())
                .build();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE),
                                new Inbound(handshake));
                    }
                });
        try {
            channel = b.connect(uri.getHost(), uri.getPort()).sync().channel();
            handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no DevTools WebSocket at " + uri + ": " + e, e);
        } catch (Exception e) {
            throw new IOException("cannot connect to " + uri + ": " + e, e);
        }
    }

    /**
     * Sends a command and waits for its answer's {@code result}; an {@code error} answer, a closed
     * connection or the timeout is an IOException naming the method.
     */
    Map<String, Object> send(String method, Map<String, Object> params, String sessionId, Duration timeout)
            throws IOException {
        long id = nextId.getAndIncrement();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params == null ? Map.of() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            if (!channel.isActive()) {
                throw new IOException("DevTools connection closed before " + method);
            }
            channel.writeAndFlush(new TextWebSocketFrame(Json.write(message)));
            Map<String, Object> reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Object error = reply.get("error");
            if (error != null) {
                throw new IOException(method + " failed: " + Json.write(error));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) reply.getOrDefault("result", Map.of());
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + method, e);
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + ": no answer within " + timeout, e);
        } finally {
            waiting.remove(id);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Routes answers to their waiting commands and events to the listener. */
    private final class Inbound extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        private final CompletableFuture<Void> handshake;

        Inbound(CompletableFuture<Void> handshake) {
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new TimeoutException("DevTools WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) Json.parse(frame.text());
            Object id = message.get("id");
            if (id instanceof Long) {
                CompletableFuture<Map<String, Object>> answer = waiting.get(id);
                if (answer != null) {
                    answer.complete(message);
                }
            } else {
                events.accept(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException closed = new IOException("DevTools connection closed");
            handshake.completeExceptionally(closed);
            waiting.values().forEach(f -> f.completeExceptionally(closed));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            waiting.values().forEach(f -> f.completeExceptionally(cause));
            ctx.close();
        }
    }
}
