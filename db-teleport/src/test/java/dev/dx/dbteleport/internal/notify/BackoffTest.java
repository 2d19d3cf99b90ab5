package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndResets() {
        Backoff b = new Backoff(100, 1_000, 0, () -> 0.99);
        assertThat(new long[] {b.nextDelayNanos(), b.nextDelayNanos(), b.nextDelayNanos(), b.nextDelayNanos(),
            b.nextDelayNanos(), b.nextDelayNanos()}).containsExactly(100, 200, 400, 800, 1_000, 1_000);
        b.reset();
        assertThat(b.nextDelayNanos()).isEqualTo(100);
    }

    @Test
    void jitterShortensByAtMostItsFraction() {
        Backoff none = new Backoff(1_000, 1_000, 0.5, () -> 0.0);
        Backoff most = new Backoff(1_000, 1_000, 0.5, () -> 0.999_999);
        assertThat(none.nextDelayNanos()).isEqualTo(1_000);
        assertThat(most.nextDelayNanos()).isEqualTo(501);
    }

    @Test
    void neverOverflowsAfterManyAttempts() {
        Backoff b = new Backoff(Long.MAX_VALUE / 3, Long.MAX_VALUE, 0, () -> 0);
        for (int i = 0; i < 200; i++) {
            assertThat(b.nextDelayNanos()).isPositive();
        }
        assertThat(b.nextDelayNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anInitialAboveTheMaximumIsCapped() {
        assertThat(new Backoff(5_000, 1_000, 0, () -> 0).nextDelayNanos()).isEqualTo(1_000);
    }
}
