package dev.dx.devserver.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DemoDatabase}: without a URL, an embedded server in a temporary directory, seeded, reported
 * as it starts, and gone with its directory after close; with a URL, that database, whose existing
 * demo table is left alone and which close leaves running.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoDatabaseTest {

    private static int count(DemoDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from " + DemoDatabase.TABLE)) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void anEmbeddedDatabaseIsSeededAndLeavesNothingBehind() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        DemoDatabase embedded = DemoDatabase.open(null, null, null, progress::add);
        Path dir = embedded.dataDirectory();
        try {
            assertThat(embedded.isEmbedded()).isTrue();
            assertThat(progress).hasSize(2);
            assertThat(progress.get(0)).isEqualTo(DemoDatabase.STARTING);
            assertThat(progress.get(1)).contains(embedded.jdbcUrl());
            assertThat(dir).isDirectory();
            assertThat(count(embedded)).isEqualTo(DemoDatabase.SEED_ROWS);
            try (Connection c = embedded.connect(); Statement s = c.createStatement()) {
                s.execute("insert into demo_items(name, qty) values ('extra', 1)");
            }
            List<String> quiet = new CopyOnWriteArrayList<>();
            DemoDatabase byUrl = DemoDatabase.open(embedded.jdbcUrl(), embedded.user(), embedded.password(), quiet::add);
            assertThat(byUrl.isEmbedded()).isFalse();
            assertThat(byUrl.dataDirectory()).isNull();
            assertThat(quiet).as("nothing to start").isEmpty();
            assertThat(count(byUrl)).as("an existing table is left as it is").isEqualTo(DemoDatabase.SEED_ROWS + 1);
            byUrl.close();
            assertThat(count(embedded)).as("closing a URL's database stops nothing").isEqualTo(DemoDatabase.SEED_ROWS + 1);
        } finally {
            embedded.close();
        }
        assertThat(Files.exists(dir)).as("the data directory is deleted").isFalse();
        embedded.close(); // idempotent
        assertThatThrownBy(embedded::connect).isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void anUnreachableUrlFailsNamingIt() {
        String url = "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2";
        assertThatThrownBy(() -> DemoDatabase.open(url, "u", "p", line -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(url);
    }
}
