package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

/**
 * Checks the application token a client sends in its handshake payload (for example a JWT) and names
 * the caller, on the server's event loop. What it returns becomes the connection's identity, which
 * handlers read with {@link HbtpPeerIdentity#of(io.netty.channel.Channel)} and which
 * {@link HbtpHandshakeCompletionEvent#identity()} carries.
 *
 * <pre>
 * new HbtpHandshakeConfig().staticKeyPair(serverKeys)
 *         .authenticator((token, clientKey) -&gt; jwt.verifyOrNull(token));   // a principal, or null
 * </pre>
 *
 * <p>A {@link HbtpTokenValidator} (yes or no, no identity) is adapted with {@link #of(HbtpTokenValidator)}.
 */
@FunctionalInterface
public interface HbtpAuthenticator {

    /**
     * Return this to accept a client without naming it: the handshake succeeds and
     * {@link HbtpPeerIdentity#of(io.netty.channel.Channel)} gives {@code null}.
     */
    Object ANONYMOUS = new Object() {
        @Override
        public String toString() {
            return "HbtpAuthenticator.ANONYMOUS";
        }
    };

    /** Accepts every client, with or without a token, and names none. */
    HbtpAuthenticator ACCEPT_ALL = (token, clientStaticKey) -> ANONYMOUS;

    /**
     * Returns the client's identity (any object: a user id, a principal, the decoded claims), or
     * {@code null} to refuse the client, which ends the handshake with AuthFailure {@code UNAUTHORIZED}.
     * {@link #ANONYMOUS} accepts without an identity. {@code token} is the payload (possibly empty);
     * {@code clientStaticKey} is the client's static public key under XX and {@code null} under NK. An
     * exception refuses the client too.
     */
    Object authenticate(byte[] token, byte[] clientStaticKey) throws Exception;

    /** Adapts a yes-or-no validator: {@code true} accepts as {@link #ANONYMOUS}, {@code false} refuses. */
    static HbtpAuthenticator of(HbtpTokenValidator validator) {
        checkNotNull(validator, "validator");
        return (token, clientStaticKey) -> validator.validate(token, clientStaticKey) ? ANONYMOUS : null;
    }
}
