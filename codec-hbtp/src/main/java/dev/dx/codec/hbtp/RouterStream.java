package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * {@link HbtpRouter}'s server stream: an exchange over one RpcStreamStart whose answer is RpcStreamEnd,
 * with RpcStreamChunks sent before it while the client's credit lasts (spec §11.3).
 *
 * <p>The credit is counted down by {@link #trySend} on any thread (a compare-and-set, so two senders never
 * overdraw it) and raised by the client's grants on the event loop.
 */
final class RouterStream extends RouterExchange implements HbtpServerStream {

    /** The most credit the client may have outstanding (§11.3). */
    static final long MAX_CREDIT = 0xFFFF_FFFFL;

    private static final AtomicLongFieldUpdater<RouterStream> CREDIT =
            AtomicLongFieldUpdater.newUpdater(RouterStream.class, "credit");

    private volatile long credit;
    /** Event loop only: run when a grant raises the credit from 0. */
    private volatile Runnable onCredit;

    RouterStream(HbtpRouter router, HbtpFrame start) {
        super(router, start);
        Long granted = metadata().get(HbtpMetadataKey.CREDIT);
        this.credit = granted == null ? UNLIMITED : granted;
    }

    @Override
    public long credit() {
        return isDone() ? 0 : credit;
    }

    @Override
    public boolean trySend(ByteBuf item) {
        if (isDone() || !takeCredit()) {
            item.release();
            return false;
        }
        router.sendChunk(HbtpFrame.rpcStreamChunk(sequence(), item), this);
        return true;
    }

    private boolean takeCredit() {
        for (;;) {
            long c = credit;
            if (c == UNLIMITED) {
                return true;
            }
            if (c == 0) {
                return false;
            }
            if (CREDIT.compareAndSet(this, c, c - 1)) {
                return true;
            }
        }
    }

    @Override
    public void onCredit(Runnable handler) {
        this.onCredit = handler;
    }

    /**
     * The client granted {@code n} more chunks (event loop). Returns {@code false} when the grant would
     * take the credit past 2^32-1, which §11.3 makes {@code BAD_FRAME}; a grant on a stream without
     * credits changes nothing.
     */
    boolean grant(long n) {
        long before;
        for (;;) {
            before = credit;
            if (before == UNLIMITED) {
                return true;
            }
            if (before + n > MAX_CREDIT) {
                return false;
            }
            if (CREDIT.compareAndSet(this, before, before + n)) {
                break;
            }
        }
        Runnable r = onCredit;
        if (before == 0 && r != null && !isDone()) {
            try {
                r.run();
            } catch (Throwable t) {
                HbtpRouter.LOG.warn("the credit handler of stream {} on {} threw", sequence(), channel(), t);
            }
        }
        return true;
    }

    /** A stream ends with RpcStreamEnd. */
    @Override
    HbtpFrame answer(ByteBuf data, HbtpMetadata metadata) {
        return HbtpFrame.rpcStreamEnd(alloc(), sequence(), metadata, data);
    }

    /** A stream ends with RpcStreamEnd, FINAL. */
    @Override
    HbtpFrame storedAnswer(HbtpCompressedBody stored) {
        return stored.frame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, sequence());
    }

    @Override
    public String toString() {
        return "HbtpServerStream(route=" + route() + ", seq=" + sequence() + ", outcome=" + outcome()
                + ", credit=" + (credit == UNLIMITED ? "unlimited" : credit) + ")";
    }
}
