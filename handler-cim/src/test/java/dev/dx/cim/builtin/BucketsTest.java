package dev.dx.cim.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link TokenBucket} arithmetic and {@link CoreBuckets}' key bound, on a clock the test moves. */
class BucketsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aBucketHoldsItsCapacityAndRefillsOverThePeriod() {
        TokenBucket b = new TokenBucket(10, SECOND, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryTake(0)).isTrue();
        }
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.remaining()).isZero();
        assertThat(b.nanosUntilToken()).isEqualTo(SECOND / 10);
        assertThat(b.tryTake(SECOND / 10 - 1)).isFalse();
        assertThat(b.tryTake(SECOND / 10)).isTrue();
        assertThat(b.isFull(100 * SECOND)).isTrue();
        assertThat(b.remaining()).isEqualTo(10); // never more than the capacity
    }

    @Test
    void aFullTableForgetsFullBucketsOrSendsNewKeysToOneOverflowBucket() {
        CoreBuckets t = new CoreBuckets(0, 2, SECOND, 2);
        TokenBucket a = t.bucket("a", SECOND);
        TokenBucket b = t.bucket("b", SECOND);
        assertThat(t.bucket("a", SECOND)).isSameAs(a);
        a.tryTake(SECOND);
        b.tryTake(SECOND);
        // full table, no full bucket: new keys share the overflow bucket
        TokenBucket c = t.bucket("c", SECOND);
        assertThat(t.bucket("d", SECOND)).isSameAs(c);
        assertThat(c.tryTake(SECOND)).isTrue();
        assertThat(c.tryTake(SECOND)).isTrue();
        assertThat(t.bucket("e", SECOND).tryTake(SECOND)).isFalse(); // the overflow's two tokens are gone
        assertThat(t.keys()).isEqualTo(2);
        // a period later a and b have refilled: they are forgotten and new keys get their own buckets
        TokenBucket f = t.bucket("f", 3 * SECOND);
        assertThat(f).isNotSameAs(c);
        assertThat(t.bucket("a", 3 * SECOND)).isNotSameAs(a);
        assertThat(t.keys()).isEqualTo(2);
    }
}
