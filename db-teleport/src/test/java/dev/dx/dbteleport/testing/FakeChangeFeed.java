package dev.dx.dbteleport.testing;

import dev.dx.dbteleport.internal.ChangeFeed;
import dev.dx.dbteleport.internal.ChangeFeedFactory;
import dev.dx.dbteleport.internal.InvalidationSink;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A change feed that installs nothing and listens to nothing: it records what it was asked to watch
 * and gives the test the cache's {@link InvalidationSink}, so a test drives invalidation itself.
 * Use {@link #factory()} in {@code changeFeedFactory(...)}.
 */
public final class FakeChangeFeed implements ChangeFeed {

    /** One {@code watch} call. */
    public record Watch(String table, String keyColumn) {
    }

    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private volatile InvalidationSink sink;
    private volatile String channel;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean down;

    /** The factory to give the builder; it hands this feed out (once). */
    public ChangeFeedFactory factory() {
        return (dataSource, channel, sink) -> {
            this.sink = sink;
            this.channel = channel;
            return this;
        };
    }

    /** The cache's sink, once the cache is built. */
    public InvalidationSink sink() {
        return sink;
    }

    /** The channel the cache asked for. */
    public String channel() {
        return channel;
    }

    /** The tables the cache asked to watch, in order. */
    public List<Watch> watches() {
        return watches;
    }

    /** Pretends the listening connection is down ({@code true}) or back ({@code false}). */
    public void connectionDown(boolean isDown) {
        this.down = isDown;
    }

    /** Whether {@link #start()} has run. */
    public boolean started() {
        return started;
    }

    /** Whether close() ran. */
    public boolean closed() {
        return closed;
    }

    @Override
    public void watch(Connection connection, String table, String keyColumn) {
        watches.add(new Watch(table, keyColumn));
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isListening() {
        return started && !closed && !down;
    }

    @Override
    public void close() {
        closed = true;
    }
}
