package dev.dx.dbteleport.internal;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed used while no LISTEN/NOTIFY implementation is wired in: it installs nothing, hears
 * nothing and says so once in the log. A cache built on it is never invalidated by commits.
 */
// TODO(lead): replace with the dev.dx.dbteleport.internal.notify feed once it lands.
public final class UnwiredChangeFeed implements ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(UnwiredChangeFeed.class);

    private volatile boolean listening;

    @Override
    public void watch(Connection connection, String table, String keyColumn) {
        // nothing to install
    }

    @Override
    public void start() {
        LOG.warn("DbTeleport has no change feed wired in: commits will not invalidate cached results");
        listening = true;
    }

    @Override
    public CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        listening = false;
    }
}
