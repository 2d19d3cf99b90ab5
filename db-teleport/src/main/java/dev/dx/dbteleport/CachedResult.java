package dev.dx.dbteleport;

import dev.dx.codec.hbtp.HbtpCompressedBody;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.dbteleport.internal.CacheEntry;
import dev.dx.teleport.TeleportLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One cached query result as a reader holds it: a reference to the ready-to-send body (one Teleport
 * message laid out as Teleport/1.1 §7, zstd-compressed at fill time when that made it smaller) and
 * the facts a sender needs about it.
 *
 * <p>The holder owns one reference to the body, and must {@link #close()} the result when done
 * (closing twice does nothing). {@link #body()} hands out further references, each a retained
 * duplicate that whoever receives it releases (a channel write does), and {@link #respondTo} sends
 * the stored bytes as they are, so one result can be written to any number of channels with no copy
 * and no compression per send. The cache never changes the bytes; an eviction or invalidation only
 * drops the cache's own reference.
 */
public final class CachedResult implements AutoCloseable {

    private static final AtomicIntegerFieldUpdater<CachedResult> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(CachedResult.class, "closed");

    private final HbtpCompressedBody ready;
    private final TeleportLayout layout;
    private final int rowCount;
    /** 1 once closed; a field updater rather than an AtomicBoolean, to allocate one object less per hit. */
    private volatile int closed;

    private CachedResult(HbtpCompressedBody ready, TeleportLayout layout, int rowCount) {
        this.ready = ready;
        this.layout = layout;
        this.rowCount = rowCount;
    }

    /** A result holding a new reference to {@code entry}'s body, or {@code null} if the entry is gone. */
    static CachedResult of(CacheEntry entry) {
        HbtpCompressedBody ready = entry.retainedBody();
        if (ready == null) {
            return null;
        }
        return new CachedResult(ready, entry.key().query().layout().layout(), entry.rowCount());
    }

    /**
     * The body as stored: a retained duplicate, whose reader and writer indexes are its own, that
     * the caller (or the channel it is written to) releases. Compressed when {@link #isCompressed()}.
     */
    public ByteBuf body() {
        checkOpen();
        return ready.content().retainedDuplicate();
    }

    /**
     * The plain Teleport message: {@link #body()} when the body is not compressed, else a new buffer
     * from {@code alloc} holding it decompressed. The caller releases it.
     */
    public ByteBuf plainBody(ByteBufAllocator alloc) {
        checkOpen();
        return ready.plaintext(alloc);
    }

    /** Whether the body is one zstd frame (with its content size) rather than the plain message. */
    public boolean isCompressed() {
        return ready.isCompressed();
    }

    /** The length of the plain Teleport message (the body's length when it is not compressed). */
    public int uncompressedLength() {
        return ready.plainLength();
    }

    /** The length of the body as stored. */
    public int bodyLength() {
        return ready.storedLength();
    }

    /** The layout of the message's root struct, {@code <Query>{rows:slice<...>@0}#8:4} (§7). */
    public TeleportLayout layout() {
        return layout;
    }

    /** The root layout's fingerprint, as the message header carries it. */
    public long fingerprint() {
        return layout.fingerprint();
    }

    /** The number of rows. */
    public int rowCount() {
        return rowCount;
    }

    /**
     * Answers {@code exchange} with the result (RpcResponse), the stored bytes as they are: a
     * compressed body goes out with COMPRESSED and no compression per send
     * ({@link HbtpExchange#respond(HbtpCompressedBody)}). An answer that carries metadata (added by
     * an answer hook, such as a middleware's) is the slow path: the body is decompressed and
     * compressed again with the metadata in front. Does not close this result; it may be closed as
     * soon as this returns.
     */
    public void respondTo(HbtpExchange exchange) {
        checkOpen();
        exchange.respond(ready);
    }

    /**
     * The reference count of the stored bytes: one for the cache while it holds the entry, plus one
     * per open reader (a reader's own {@link #body()} duplicates, until released, count too). 0 once
     * all have let go.
     */
    public int refCnt() {
        return ready.refCnt();
    }

    private void checkOpen() {
        if (closed != 0) {
            throw new IllegalStateException("result already closed");
        }
    }

    /** Releases this holder's reference; idempotent. */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            ready.release();
        }
    }

    @Override
    public String toString() {
        return "CachedResult(" + layout.name() + ", " + rowCount + " rows, " + ready.storedLength() + " bytes"
                + (ready.isCompressed() ? " zstd of " + ready.plainLength() : "") + ")";
    }
}
