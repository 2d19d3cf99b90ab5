package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.dbteleport.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test database itself: it starts, keeps committed data across a restart, and breaks open connections. */
@Timeout(120)
class PostgresExtensionTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @Test
    void restartKeepsCommittedDataAndBreaksOpenConnections() throws SQLException {
        PG.execute("create table survivor(x int); insert into survivor values (7)");
        try (Connection held = PG.dataSource().getConnection()) {
            PG.restart();
            assertThatThrownBy(() -> held.createStatement().execute("select 1")).isInstanceOf(SQLException.class);
        }
        try (Connection c = PG.dataSource().getConnection();
                ResultSet r = c.createStatement().executeQuery("select x from survivor")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(7);
        }
    }
}
