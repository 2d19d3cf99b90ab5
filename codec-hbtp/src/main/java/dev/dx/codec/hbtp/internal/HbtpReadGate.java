package dev.dx.codec.hbtp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.util.AttributeKey;

/**
 * One channel's reasons to stop reading, shared by the handlers that pause reads, so they do not undo
 * each other: each holds its own bit, and the channel's {@code autoRead} is off while any bit is set.
 * Stored as a channel attribute; touched only from the channel's event loop.
 *
 * <p>The first reason to be set turns {@code autoRead} off, unless it already was off (then someone else
 * manages reading, and the gate never turns it on); clearing the last reason turns it back on only if
 * the gate turned it off. Between the two the gate assumes that nobody else changes {@code autoRead}.
 *
 * <pre>
 * HbtpReadGate.of(channel).pause(HbtpReadGate.UNWRITABLE);   // autoRead off
 * HbtpReadGate.of(channel).pause(HbtpReadGate.STREAM_QUEUE); // still off
 * HbtpReadGate.of(channel).resume(HbtpReadGate.UNWRITABLE);  // still off: a stream queue is full
 * HbtpReadGate.of(channel).resume(HbtpReadGate.STREAM_QUEUE); // autoRead on
 * </pre>
 */
public final class HbtpReadGate {

    /** An inbound stream queue reached its bound ({@code HbtpStreamReceiver}). */
    public static final int STREAM_QUEUE = 1;
    /** The channel is above its write-buffer high-water mark ({@code HbtpWritabilityGate}). */
    public static final int UNWRITABLE = 1 << 1;

    private static final AttributeKey<HbtpReadGate> KEY = AttributeKey.valueOf(HbtpReadGate.class, "readGate");

    private final Channel channel;
    private int reasons;
    private boolean turnedOff;

    private HbtpReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Returns the channel's gate, creating it on first use. */
    public static HbtpReadGate of(Channel channel) {
        HbtpReadGate g = channel.attr(KEY).get();
        if (g == null) {
            g = new HbtpReadGate(channel);
            HbtpReadGate old = channel.attr(KEY).setIfAbsent(g);
            if (old != null) {
                g = old;
            }
        }
        return g;
    }

    /** Sets {@code reason}; the first reason set turns {@code autoRead} off (if it was on). */
    public void pause(int reason) {
        if (reasons == 0) {
            ChannelConfig config = channel.config();
            if (config.isAutoRead()) {
                config.setAutoRead(false);
                turnedOff = true;
            }
        }
        reasons |= reason;
    }

    /** Clears {@code reason}; clearing the last one turns {@code autoRead} on if this gate turned it off. */
    public void resume(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0 && turnedOff) {
            turnedOff = false;
            channel.config().setAutoRead(true);
        }
    }

    /** Whether {@code reason} is set. */
    public boolean isPaused(int reason) {
        return (reasons & reason) != 0;
    }

    /** The reasons set, as bits; 0 when nothing holds reading back. */
    public int reasons() {
        return reasons;
    }
}
