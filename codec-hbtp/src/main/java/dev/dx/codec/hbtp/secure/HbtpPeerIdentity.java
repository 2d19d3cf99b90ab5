package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The identity of the client on a server connection, as the {@link HbtpAuthenticator} named it during
 * the §6 handshake. {@link HbtpServerHandshaker} stores it on the channel when the handshake succeeds,
 * before it sends AuthSuccess, so every frame that follows (and every route handler,
 * {@code HbtpPeerIdentity.of(exchange.channel())}) sees it.
 *
 * <pre>
 * HbtpRouteTable.builder().route(7, ex -&gt; {
 *     User user = (User) HbtpPeerIdentity.of(ex.channel());
 *     ...
 * });
 * </pre>
 */
public final class HbtpPeerIdentity {

    private static final AttributeKey<Object> KEY = AttributeKey.valueOf(HbtpPeerIdentity.class, "identity");

    private HbtpPeerIdentity() {
    }

    /**
     * The identity the server's authenticator returned for the peer on {@code channel}; {@code null}
     * before the handshake has succeeded, without a handshake, when the authenticator accepted the
     * client as {@link HbtpAuthenticator#ANONYMOUS} (as a {@link HbtpTokenValidator} does), and on a
     * client's channel. Safe to call from any thread.
     */
    public static Object of(Channel channel) {
        checkNotNull(channel, "channel");
        return channel.hasAttr(KEY) ? channel.attr(KEY).get() : null;
    }

    /** Stores {@code identity} ({@link HbtpAuthenticator#ANONYMOUS} stores nothing). */
    static void set(Channel channel, Object identity) {
        if (identity != null && identity != HbtpAuthenticator.ANONYMOUS) {
            channel.attr(KEY).set(identity);
        }
    }
}
