package dev.dx.dbteleport;

import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.dbteleport.internal.CacheEntry;
import dev.dx.dbteleport.internal.ZstdBodies;
import dev.dx.teleport.TeleportLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One cached query result as a reader holds it: a reference to the ready-to-send body (one Teleport
 * message laid out as Teleport/1.1 §7, zstd-compressed at fill time when that made it smaller) and
 * the facts a sender needs about it.
 *
 * <p>The holder owns one reference to the body, and must {@link #close()} the result when done
 * (closing twice does nothing). {@link #body()} hands out further references, each a retained
 * duplicate that whoever receives it releases (a channel write does), so one result can be written
 * to any number of channels with no copy. The cache never changes the bytes; an eviction or
 * invalidation only drops the cache's own reference.
 */
public final class CachedResult implements AutoCloseable {

    private final ByteBuf body;
    private final boolean compressed;
    private final int uncompressedLength;
    private final TeleportLayout layout;
    private final int rowCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CachedResult(ByteBuf body, boolean compressed, int uncompressedLength, TeleportLayout layout,
            int rowCount) {
        this.body = body;
        this.compressed = compressed;
        this.uncompressedLength = uncompressedLength;
        this.layout = layout;
        this.rowCount = rowCount;
    }

    /** A result holding a new reference to {@code entry}'s body, or {@code null} if the entry is gone. */
    static CachedResult of(CacheEntry entry) {
        ByteBuf body = entry.retainedBody();
        if (body == null) {
            return null;
        }
        return new CachedResult(body, entry.compressed(), entry.uncompressedLength(),
                entry.key().query().layout().layout(), entry.rowCount());
    }

    /**
     * The body as stored: a retained duplicate, whose reader and writer indexes are its own, that
     * the caller (or the channel it is written to) releases. Compressed when {@link #isCompressed()}.
     */
    public ByteBuf body() {
        checkOpen();
        return body.retainedDuplicate();
    }

    /**
     * The plain Teleport message: {@link #body()} when the body is not compressed, else a new buffer
     * from {@code alloc} holding it decompressed. The caller releases it.
     */
    public ByteBuf plainBody(ByteBufAllocator alloc) {
        checkOpen();
        return compressed ? ZstdBodies.decompress(alloc, body, uncompressedLength) : body.retainedDuplicate();
    }

    /** Whether the body is one zstd frame (with its content size) rather than the plain message. */
    public boolean isCompressed() {
        return compressed;
    }

    /** The length of the plain Teleport message (the body's length when it is not compressed). */
    public int uncompressedLength() {
        return uncompressedLength;
    }

    /** The length of the body as stored. */
    public int bodyLength() {
        return body.readableBytes();
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
     * Answers {@code exchange} with the result (RpcResponse). Does not close this result.
     *
     * <p>For now the body goes out plain (decompressed if it is stored compressed), and the HBTP
     * encoder compresses it again per send if it is large.
     */
    // TODO(lead): once codec-hbtp can answer with an already-compressed body (the HbtpFlags-level
    // COMPRESSED answer API), send body() as is when isCompressed(): one call, no per-send zstd.
    public void respondTo(HbtpExchange exchange) {
        exchange.respond(plainBody(exchange.alloc()));
    }

    /**
     * The reference count of the stored body, under every duplicate: one for the cache while it
     * holds the entry, plus one per open reader (a reader's own {@link #body()} duplicates count on
     * the reader's reference, not here). 0 once all have let go.
     */
    public int refCnt() {
        ByteBuf root = body;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root.refCnt();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("result already closed");
        }
    }

    /** Releases this holder's reference; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            body.release();
        }
    }

    @Override
    public String toString() {
        return "CachedResult(" + layout.name() + ", " + rowCount + " rows, " + body.readableBytes() + " bytes"
                + (compressed ? " zstd of " + uncompressedLength : "") + ")";
    }
}
