package dev.dx.bench.hbtp;

import dev.dx.bench.load.TlsContexts;
import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.secure.HbtpClientHandshaker;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of {@link HandshakeRate}: {@code connections} slots, each connecting, completing one
 * handshake, closing and connecting again at once, until {@link #close()}. Mode {@code noise-nk} runs
 * {@link HbtpClientCodec} and {@link HbtpClientHandshaker} (Noise NK pinned to the server's key, an empty
 * token) and counts a handshake when AuthSuccess has been verified; mode {@code tls13} runs Netty's
 * {@link SslHandler} from {@link TlsContexts#client()} (BoringSSL, TLS 1.3 only, any certificate
 * trusted, so the client checks the CertificateVerify signature but builds no chain; no peer host is
 * given, so every handshake is a full one, never a resumption) and counts one when its handshake future
 * succeeds. A failed connect or handshake is counted by its exception type and message; that slot tries
 * again 10 ms later.
 */
final class HandshakeLoad implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private HandshakeLoad(String mode, InetSocketAddress target, int clientThreads) {
        this.target = target;
        this.group = new MultiThreadIoEventLoopGroup(clientThreads, NioIoHandler.newFactory());
        boolean noise = switch (mode) {
            case "noise-nk" -> true;
            case "tls13" -> false;
            default -> throw new IllegalArgumentException("unknown mode: " + mode + " (expected: noise-nk, tls13)");
        };
        HbtpHandshakeConfig handshake = new HbtpHandshakeConfig()
                .remoteStaticKey(HbtpKeyPair.fromPrivateKey(LoadServer.SERVER_PRIVATE_KEY).publicKey());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Future<?> done;
                        if (noise) {
                            HbtpClientHandshaker hs = new HbtpClientHandshaker(handshake);
                            ch.pipeline().addLast(new HbtpClientCodec(new HbtpCodecConfig()), hs);
                            done = hs.handshakeFuture();
                        } else {
                            SslHandler ssl = TlsContexts.client().newHandler(ch.alloc());
                            ch.pipeline().addLast(ssl);
                            done = ssl.handshakeFuture();
                        }
                        done.addListener(f -> handshakeDone(ch, f));
                    }
                });
    }

    /** Starts {@code connections} slots against {@code target}. */
    static HandshakeLoad start(String mode, InetSocketAddress target, int connections, int clientThreads) {
        HandshakeLoad load = new HandshakeLoad(mode, target, clientThreads);
        for (int i = 0; i < connections; i++) {
            load.connect();
        }
        return load;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        ChannelFuture cf = bootstrap.connect(target);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                error(f.cause());
                group.next().schedule(this::connect, 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void handshakeDone(Channel ch, Future<?> f) {
        if (f.isSuccess()) {
            completed.increment();
            ch.close();
            connect();
        } else {
            error(f.cause());
            ch.close();
            ch.eventLoop().schedule(this::connect, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void error(Throwable cause) {
        if (stopped) {
            return;
        }
        errors.increment();
        String kind = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Handshakes completed so far. */
    long completed() {
        return completed.sum();
    }

    /** Failed connects and handshakes so far (none are counted after {@link #close()}). */
    long errors() {
        return errors.sum();
    }

    /** Each kind of error seen ({@code Type: message}) with its count. */
    Map<String, LongAdder> errorKinds() {
        return errorKinds;
    }

    /** Stops reconnecting and closes the event loops (the connections in flight with them). */
    @Override
    public void close() {
        stopped = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
