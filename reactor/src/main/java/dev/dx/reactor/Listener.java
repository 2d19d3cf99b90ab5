package dev.dx.reactor;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server channels {@link DxReactor#bind} opened for one address: one per core with SO_REUSEPORT,
 * else one. Closing it stops accepting; connections already accepted stay open.
 */
public final class Listener implements AutoCloseable {

    private final DxReactor reactor;
    private final List<Channel> channels;
    private final boolean reusePort;

    Listener(DxReactor reactor, List<Channel> channels, boolean reusePort) {
        this.reactor = reactor;
        this.channels = Collections.unmodifiableList(new ArrayList<>(channels));
        this.reusePort = reusePort;
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public SocketAddress localAddress() {
        return channels.get(0).localAddress();
    }

    /** The bound address of every server channel (all equal with SO_REUSEPORT). */
    public List<SocketAddress> localAddresses() {
        List<SocketAddress> addresses = new ArrayList<>(channels.size());
        for (Channel ch : channels) {
            addresses.add(ch.localAddress());
        }
        return addresses;
    }

    /** The server channels, in core order when one per core. */
    public List<Channel> channels() {
        return channels;
    }

    /** Whether each core has its own SO_REUSEPORT listener. */
    public boolean isReusePort() {
        return reusePort;
    }

    /** Closes every server channel and waits up to {@code timeout}; returns whether all closed. */
    public boolean close(Duration timeout) {
        reactor.forget(this);
        List<ChannelFuture> futures = new ArrayList<>(channels.size());
        for (Channel ch : channels) {
            futures.add(ch.close());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (ChannelFuture f : futures) {
            long left = Math.max(0, deadline - System.nanoTime());
            all &= f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
        }
        return all;
    }

    /** Closes every server channel, waiting up to 10 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
