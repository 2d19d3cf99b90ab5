package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The database behind the dev server's live data: the one a JDBC URL names, or, without one, an
 * embedded PostgreSQL (zonky) in a temporary directory that {@link #close()} stops and deletes. Either
 * way it makes sure the demo table exists:
 *
 * <pre>
 * demo_items(id serial primary key, name text not null, qty int not null,
 *            updated_at timestamptz not null default now())
 * </pre>
 *
 * seeded with {@value #SEED_ROWS} rows when this class creates it (a table already there is left as it
 * is, rows and all).
 *
 * <pre>{@code
 * try (DemoDatabase db = DemoDatabase.open(null, null, null, System.out::println)) {
 *     LiveData live = LiveData.open(db);
 * }
 * }</pre>
 */
public final class DemoDatabase implements AutoCloseable {

    /** The demo table. */
    public static final String TABLE = "demo_items";

    /** The number of rows a freshly created demo table gets. */
    public static final int SEED_ROWS = 5;

    /** What {@link #open} reports before starting the embedded server. */
    public static final String STARTING = "starting embedded PostgreSQL (first run unpacks binaries)...";

    private static final String CREATE = "create table " + TABLE + "(id serial primary key, name text not null,"
            + " qty int not null, updated_at timestamptz not null default now())";
    private static final String SEED = "insert into " + TABLE + "(name, qty) values ('teleporter', 3),"
            + " ('reactor', 12), ('flux capacitor', 1), ('warp coil', 7), ('sonic screwdriver', 42)";

    private final EmbeddedPostgres embedded;
    private final Path dataDirectory;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoDatabase(EmbeddedPostgres embedded, Path dataDirectory, String jdbcUrl, String user,
            String password) {
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Opens the demo database: {@code jdbcUrl} (with {@code user} and {@code password}, either may be
     * {@code null}) when given, else a new embedded PostgreSQL; then creates and seeds the demo table
     * if it is missing. Blocks (the first embedded start unpacks the server's binaries, seconds).
     *
     * @param progress told {@value #STARTING} before an embedded start, then the URL it listens on
     * @throws IllegalStateException naming the URL if the database cannot be reached or the table not
     *         created; an embedded server started for it is stopped and its directory deleted
     */
    public static DemoDatabase open(String jdbcUrl, String user, String password, Consumer<String> progress) {
        checkNotNull(progress, "progress");
        DemoDatabase db;
        if (jdbcUrl != null) {
            db = new DemoDatabase(null, null, jdbcUrl, user, password);
        } else {
            progress.accept(STARTING);
            db = startEmbedded();
            progress.accept("embedded PostgreSQL at " + db.jdbcUrl);
        }
        try {
            db.createDemoTableIfMissing();
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new IllegalStateException("demo database " + db.jdbcUrl + ": " + e.getMessage(), e);
        }
        return db;
    }

    private static DemoDatabase startEmbedded() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dx-dev-pg-");
            // no shutdown hook of zonky's own: the owner closes this (DevServer.close, from dx-dev's hook), and
            // two hooks stopping one server at once race (one of them logs an error with a stack trace)
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .start();
            return new DemoDatabase(pg, dir, pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void createDemoTableIfMissing() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet r = s.executeQuery("select to_regclass('" + TABLE + "') is not null")) {
                r.next();
                exists = r.getBoolean(1);
            }
            if (!exists) {
                c.setAutoCommit(false);
                s.execute(CREATE);
                s.execute(SEED);
                c.commit();
            }
        }
    }

    /** A new connection to the database (autocommit); the caller closes it. Blocks. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user, or {@code null}. */
    public String user() {
        return user;
    }

    /** The password, or {@code null}. */
    public String password() {
        return password;
    }

    /** Whether this is an embedded server that {@link #close()} stops. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The embedded server's data directory (deleted by {@link #close()}), or {@code null}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the embedded server and deletes its directory; with a JDBC URL, does nothing. Idempotent. */
    @Override
    public void close() {
        if (embedded == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        } finally {
            deleteQuietly(dataDirectory);
        }
    }

    /**
     * Deletes {@code root} and everything under it. Files that vanish meanwhile are fine: on Ctrl-C the
     * embedded server's own shutdown hook (and the SIGINT the terminal sends the whole process group)
     * stop PostgreSQL while this runs, and PostgreSQL removes files such as {@code postmaster.pid} itself.
     */
    private static void deleteQuietly(Path root) {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTree(root);
                return;
            } catch (UncheckedIOException e) {
                // a PostgreSQL still stopping may write a file into a directory being deleted
                if (attempt == 3 || !(e.getCause() instanceof DirectoryNotEmptyException)) {
                    throw e;
                }
                sleepQuietly(100);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // deleted by someone else meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
