package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class ChangeFeedConfigTest {

    @Test
    void defaultsAndSetters() {
        Callable<Connection> listen = () -> null;
        Callable<Connection> sync = () -> null;
        ChangeFeedConfig c = new ChangeFeedConfig().listenConnections(listen);
        assertThat(c.channel()).isEqualTo("dx_teleport");
        assertThat(c.syncConnections()).isSameAs(listen);
        c.channel("orders_feed").syncConnections(sync).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofSeconds(1)).jitter(0).pollInterval(Duration.ofMillis(50))
                .healthCheckInterval(Duration.ofSeconds(1));
        assertThat(c.channel()).isEqualTo("orders_feed");
        assertThat(c.syncConnections()).isSameAs(sync);
        assertThat(c.listenConnections()).isSameAs(listen);
        assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(5));
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.jitter()).isZero();
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.healthCheckInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsBadValuesByName() {
        ChangeFeedConfig c = new ChangeFeedConfig();
        assertThatThrownBy(() -> c.channel("Upper")).hasMessageStartingWith("channel : Upper (expected:");
        assertThatThrownBy(() -> c.channel("a".repeat(50))).hasMessageContaining("at most 49");
        assertThatThrownBy(() -> c.channel("x; drop")).hasMessageStartingWith("channel : x; drop");
        assertThatThrownBy(() -> c.jitter(1.5)).hasMessage("jitter : 1.5 (expected: 0 <= jitter <= 1)");
        assertThatThrownBy(() -> c.jitter(Double.NaN)).hasMessageStartingWith("jitter : NaN");
        assertThatThrownBy(() -> c.initialBackoff(Duration.ZERO)).hasMessage("initialBackoff : PT0S (expected: > 0)");
        assertThatThrownBy(() -> c.maxBackoff(Duration.ofSeconds(-1))).hasMessageStartingWith("maxBackoff : ");
        assertThatThrownBy(() -> c.pollInterval(Duration.ofNanos(5))).hasMessageStartingWith("pollInterval : ");
        assertThatThrownBy(() -> c.healthCheckInterval(null)).hasMessageContaining("healthCheckInterval");
        assertThatThrownBy(() -> c.listenConnections(null)).hasMessageContaining("listenConnections");
        assertThatThrownBy(() -> new PgChangeFeed(c, new RecordingSink()))
                .hasMessageContaining("config.listenConnections");
    }
}
