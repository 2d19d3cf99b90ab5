package dev.dx.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainRequestTest {

    @Test
    void aRequestCountsDownToItsDeadlineAndNeverBelowZero() {
        long before = System.nanoTime();
        DrainRequest r = DrainRequest.within(5, TimeUnit.SECONDS);
        assertThat(r.deadlineNanos() - before).isBetween(TimeUnit.SECONDS.toNanos(5),
                TimeUnit.SECONDS.toNanos(5) + (System.nanoTime() - before));
        assertThat(r.remainingNanos()).isPositive().isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(5));

        DrainRequest past = new DrainRequest(System.nanoTime() - 1_000);
        assertThat(past.remainingNanos()).isZero();
        assertThat(DrainRequest.within(-3, TimeUnit.SECONDS).remainingNanos()).isZero();
    }

    @Test
    void aHandlerClaimsItAndTheClaimShows() {
        DrainRequest r = DrainRequest.within(1, TimeUnit.SECONDS);
        assertThat(r.isClaimed()).isFalse();
        assertThat(r.toString()).contains("claimed=false").contains(" ms");

        r.claim();

        assertThat(r.isClaimed()).isTrue();
        assertThat(r.toString()).contains("claimed=true");
    }
}
