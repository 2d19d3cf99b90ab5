package dev.dx.dbteleport.internal;

import dev.dx.codec.hbtp.HbtpCompressedBody;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One cached result: the ready-to-send body (an {@link HbtpCompressedBody}: one zstd frame, or the
 * plain message when it is small or zstd did not shrink it) and its row count. The cache holds one
 * reference to the body; a reader takes its own with {@link #retainedBody()}.
 *
 * <p>The body's bytes are a pooled buffer, and a pooled buffer object is recycled once released:
 * retaining it after the cache's release could retain some other message. So the entry counts its
 * holders itself (the cache, plus a reader between {@link #acquire()} and {@link #releaseHolder()})
 * and releases the body only when that count reaches zero; a reader's own reference keeps the bytes
 * alive after.
 */
public final class CacheEntry {

    private final QueryKey key;
    private final HbtpCompressedBody body;
    private final int rowCount;
    private static final AtomicIntegerFieldUpdater<CacheEntry> HOLDERS =
            AtomicIntegerFieldUpdater.newUpdater(CacheEntry.class, "holders");

    /**
     * The cache's hold (1) plus readers in {@link #retainedBody()}; 0 once the body is released. A
     * field, not an AtomicInteger: one object (and one memory load on a lookup) less per entry.
     */
    private volatile int holders = 1;

    /** An entry that takes over {@code body} (the cache's reference). */
    public CacheEntry(QueryKey key, HbtpCompressedBody body, int rowCount) {
        this.key = key;
        this.body = body;
        this.rowCount = rowCount;
    }

    /** The key the entry was filled for. */
    public QueryKey key() {
        return key;
    }

    /** Whether the body is one zstd frame (with its content size) rather than the plain message. */
    public boolean compressed() {
        return body.isCompressed();
    }

    /** The length of the plain Teleport message. */
    public int uncompressedLength() {
        return body.plainLength();
    }

    /** The number of rows of the result. */
    public int rowCount() {
        return rowCount;
    }

    /** The length of the body as stored, which is what the cache's byte limit counts. */
    public int storedLength() {
        return body.storedLength();
    }

    /**
     * The body with a new reference for a reader, who then owns it (and releases it once); {@code null}
     * if the cache has already let go of the entry (the reader treats that as a miss).
     */
    public HbtpCompressedBody retainedBody() {
        if (!acquire()) {
            return null;
        }
        try {
            return body.retain();
        } finally {
            releaseHolder();
        }
    }

    /** Becomes a holder unless the body is already released. */
    boolean acquire() {
        for (;;) {
            int n = holders;
            if (n == 0) {
                return false;
            }
            if (HOLDERS.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    /** Stops being a holder; the last one releases the cache's reference. */
    void releaseHolder() {
        if (HOLDERS.decrementAndGet(this) == 0) {
            body.release();
        }
    }

    /** The cache lets go of the entry (once: the removal listener calls this). */
    public void evicted() {
        releaseHolder();
    }

    /** The body's reference count (tests). */
    public int bodyRefCnt() {
        return body.refCnt();
    }

    @Override
    public String toString() {
        return "CacheEntry(" + key + ", " + body.storedLength() + " bytes" + (body.isCompressed() ? ", zstd" : "") + ")";
    }
}
