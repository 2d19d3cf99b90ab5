package dev.dx.dbteleport.internal.notify;

import com.zaxxer.hikari.HikariDataSource;
import dev.dx.dbteleport.internal.ChangeFeedFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/** How a {@code DbTeleport} makes its default {@link PgChangeFeed} from what its builder was given. */
public final class PgChangeFeeds {

    private PgChangeFeeds() {
    }

    /**
     * A factory of {@link PgChangeFeed}s that listen through {@code listenConnections} and send their
     * sync tokens over connections from the cache's own DataSource.
     */
    public static ChangeFeedFactory factory(Callable<Connection> listenConnections) {
        return (dataSource, channel, sink) -> new PgChangeFeed(new ChangeFeedConfig()
                .channel(channel)
                .listenConnections(listenConnections)
                .syncConnections(dataSource::getConnection), sink);
    }

    /**
     * Where LISTEN connections come from: {@code given} when set; else a new physical connection to
     * {@code jdbcUrl}; else to a HikariCP pool's URL and credentials; else the DataSource itself (an
     * unpooled one is right; a pool other than HikariCP lends a connection for the feed's life).
     */
    public static Callable<Connection> listenConnections(Callable<Connection> given, String jdbcUrl, String user,
            String password, DataSource dataSource) {
        if (given != null) {
            return given;
        }
        if (jdbcUrl != null) {
            return () -> DriverManager.getConnection(jdbcUrl, user, password);
        }
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            String url = hikari.getJdbcUrl();
            String hikariUser = hikari.getUsername();
            String hikariPassword = hikari.getPassword();
            return () -> DriverManager.getConnection(url, hikariUser, hikariPassword);
        }
        return dataSource::getConnection;
    }
}
