package dev.dx.dbteleport.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL per test class: register it as a static field with
 * {@code @RegisterExtension static final PostgresExtension PG = new PostgresExtension();}. It starts
 * before the class's first test and stops after its last. {@link #restart()} stops and starts the
 * same data directory on the same port, for the tests of a database restart.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private Path dataDirectory;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDirectory = Files.createTempDirectory("dx-pg-");
        postgres = start(0);
        port = postgres.getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } finally {
            deleteRecursively(dataDirectory);
        }
    }

    private EmbeddedPostgres start(int fixedPort) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        if (fixedPort != 0) {
            builder.setPort(fixedPort);
        }
        return builder.start();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The {@code postgres} database, as the superuser {@code postgres}. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** A JDBC URL for the {@code postgres} database (user {@code postgres}, no password). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The port the server listens on (kept across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** Runs {@code sql} (one or more statements) on a fresh connection, autocommit. */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    /**
     * Stops the server (fast shutdown: open connections break) and starts it again on the same port
     * and data directory, so committed data survives.
     */
    public void restart() {
        try {
            postgres.close();
            postgres = null;
            postgres = start(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
