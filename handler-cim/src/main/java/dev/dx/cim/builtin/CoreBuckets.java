package dev.dx.cim.builtin;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One core's token buckets, one per key, touched only by that core's thread. At most {@code maxKeys}
 * buckets: when full, buckets that have refilled completely are forgotten (a full bucket is the same as
 * a new one), looking at most once per eighth of a period; until some are, new keys share one overflow
 * bucket, so a flood of new keys can never raise the limit.
 */
final class CoreBuckets {

    final int coreId;
    private final long share;
    private final long periodNanos;
    private final int maxKeys;
    private final Map<Object, TokenBucket> buckets = new HashMap<>();
    private TokenBucket overflow;
    private long lastSweepNanos;

    CoreBuckets(int coreId, long share, long periodNanos, int maxKeys) {
        this.coreId = coreId;
        this.share = share;
        this.periodNanos = periodNanos;
        this.maxKeys = maxKeys;
    }

    /** This core's part of the limit. */
    long share() {
        return share;
    }

    /** The bucket of {@code key}. */
    TokenBucket bucket(Object key, long nowNanos) {
        TokenBucket b = buckets.get(key);
        if (b != null) {
            return b;
        }
        if (buckets.size() >= maxKeys && !forgetFullBuckets(nowNanos)) {
            if (overflow == null) {
                overflow = new TokenBucket(share, periodNanos, nowNanos);
            }
            return overflow;
        }
        b = new TokenBucket(share, periodNanos, nowNanos);
        buckets.put(key, b);
        return b;
    }

    /** The number of keys with a bucket of their own. */
    int keys() {
        return buckets.size();
    }

    /** Forgets the full buckets; at most once per eighth of a period, so a key flood costs no sweep per request. */
    private boolean forgetFullBuckets(long nowNanos) {
        if (nowNanos - lastSweepNanos < periodNanos / 8) {
            return false;
        }
        lastSweepNanos = nowNanos;
        boolean any = false;
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(nowNanos)) {
                it.remove();
                any = true;
            }
        }
        return any;
    }
}
