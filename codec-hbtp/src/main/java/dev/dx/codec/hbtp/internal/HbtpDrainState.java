package dev.dx.codec.hbtp.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One connection's graceful drain (spec §11.4), shared by the handlers that hold work the drain must
 * wait for: {@code HbtpRouter} (calls and server streams, and the drain itself) and
 * {@code HbtpStreamReceiver} (upload streams). Stored as a channel attribute; event loop only.
 *
 * <p>The router starts the drain; the receiver then refuses new streams, counts the open ones down, and
 * tells the router when the last has ended; when the grace period is over, the router has the receiver
 * end what is left.
 */
public final class HbtpDrainState {

    private static final AttributeKey<HbtpDrainState> KEY = AttributeKey.valueOf(HbtpDrainState.class, "drain");

    private boolean draining;
    private int openUploads;
    private Runnable whenUploadsEnded;
    private Runnable endUploads;

    private HbtpDrainState() {
    }

    /** Returns the channel's drain state, creating it on first use. */
    public static HbtpDrainState of(Channel channel) {
        HbtpDrainState s = channel.attr(KEY).get();
        if (s == null) {
            s = new HbtpDrainState();
            HbtpDrainState old = channel.attr(KEY).setIfAbsent(s);
            if (old != null) {
                s = old;
            }
        }
        return s;
    }

    /** Whether the drain has started: nothing new may open. */
    public boolean isDraining() {
        return draining;
    }

    /** The router starts the drain; {@code whenUploadsEnded} runs when the last open upload ends. */
    public void startDraining(Runnable whenUploadsEnded) {
        this.draining = true;
        this.whenUploadsEnded = whenUploadsEnded;
    }

    /** The upload streams still open. */
    public int openUploads() {
        return openUploads;
    }

    /** The receiver opened an upload stream. */
    public void uploadOpened() {
        openUploads++;
    }

    /** The receiver's upload stream ended, however. */
    public void uploadEnded() {
        if (--openUploads == 0 && draining && whenUploadsEnded != null) {
            whenUploadsEnded.run();
        }
    }

    /** The receiver registers how to end its open uploads when the grace period is over. */
    public void onEndUploads(Runnable endUploads) {
        this.endUploads = endUploads;
    }

    /** The grace period is over: the receiver ends its open uploads (with {@code SHUTTING_DOWN}). */
    public void endUploads() {
        if (endUploads != null && openUploads > 0) {
            endUploads.run();
        }
    }
}
