package dev.dx.codec.hbtp.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The security state one channel's codec shares with its handshake handler: the sending and receiving
 * {@link FrameCipher}s once the handshake has split the keys. Stored as a channel attribute and touched
 * only from the channel's event loop.
 */
public final class HbtpChannelSecurity {

    private static final AttributeKey<HbtpChannelSecurity> KEY =
            AttributeKey.valueOf(HbtpChannelSecurity.class, "security");

    private FrameCipher sender;
    private FrameCipher receiver;

    /** Returns the channel's state, creating it on first use. */
    public static HbtpChannelSecurity of(Channel channel) {
        HbtpChannelSecurity s = channel.attr(KEY).get();
        if (s == null) {
            s = new HbtpChannelSecurity();
            HbtpChannelSecurity old = channel.attr(KEY).setIfAbsent(s);
            if (old != null) {
                s = old;
            }
        }
        return s;
    }

    /** The cipher for frames this side sends, or {@code null} before the handshake. */
    public FrameCipher sender() {
        return sender;
    }

    /** The cipher for frames this side receives, or {@code null} before the handshake. */
    public FrameCipher receiver() {
        return receiver;
    }

    /** Starts encrypting every frame sent from now on. */
    public void installSender(FrameCipher sender) {
        this.sender = sender;
    }

    /** Starts decrypting ENCRYPTED frames received from now on. */
    public void installReceiver(FrameCipher receiver) {
        this.receiver = receiver;
    }
}
