package dev.dx.codec.hbtp.secure;

/**
 * Checks the application token a client sends in its handshake payload (for example a JWT), on the
 * server's event loop. Returning {@code false} ends the handshake with AuthFailure {@code UNAUTHORIZED}.
 * To also name the caller for the handlers, use an {@link HbtpAuthenticator}; a validator is one that
 * accepts as {@link HbtpAuthenticator#ANONYMOUS} ({@link HbtpAuthenticator#of(HbtpTokenValidator)}).
 */
@FunctionalInterface
public interface HbtpTokenValidator {

    /** Accepts every client, with or without a token. */
    HbtpTokenValidator ACCEPT_ALL = (token, clientStaticKey) -> true;

    /**
     * Returns whether the client may proceed. {@code token} is the payload (possibly empty);
     * {@code clientStaticKey} is the client's static public key under XX and {@code null} under NK.
     */
    boolean validate(byte[] token, byte[] clientStaticKey) throws Exception;
}
