package dev.dx.dbteleport.internal;

import javax.sql.DataSource;

/**
 * Makes the {@link ChangeFeed} of a DbTeleport: the hook through which the LISTEN/NOTIFY
 * implementation (and test fakes) plug in. Called once, by {@code build()}, which then starts the
 * feed.
 */
@FunctionalInterface
public interface ChangeFeedFactory {

    /**
     * A feed that listens on {@code channel} of the database behind {@code dataSource} and tells
     * {@code sink} what changed. It may take its own listening connection from {@code dataSource}
     * and keep it.
     */
    ChangeFeed create(DataSource dataSource, String channel, InvalidationSink sink);
}
