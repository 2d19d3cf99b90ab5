package dev.dx.bench.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The benchmarks' database: an embedded PostgreSQL with table {@code bench_users}, where organisation
 * {@code o} has {@code o} users (organisation 1: one row, 50: fifty rows), plus {@code bench_keys}
 * for lookups. Closed by {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

    /** The users of one organisation, in id order: every §7 kind a typical row has, two nullable. */
    static final String BY_ORG = "select id, name, email, created, score, active from bench_users"
            + " where org = ? order by id";

    private final EmbeddedPostgres postgres;

    BenchDatabase() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("create table bench_users(id int primary key, org int not null, name text not null,"
                + " email text, created timestamptz not null, score numeric(10,2), active boolean not null);"
                + " create index on bench_users(org);"
                + " insert into bench_users select o * 1000 + i, o, 'user ' || o || '-' || i,"
                + " case when i % 3 = 0 then null else 'user' || i || '@example.org' end,"
                + " timestamptz '2026-01-01 00:00:00+00' + (i || ' minutes')::interval,"
                + " case when i % 4 = 0 then null else i * 1.25 end, i % 2 = 0"
                + " from generate_series(1, 100) o, generate_series(1, o) i;"
                + " analyze bench_users");
    }

    /** The JDBC URL of the {@code postgres} database (user {@code postgres}, no password). */
    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** An unpooled DataSource: each connection is a new backend. */
    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
