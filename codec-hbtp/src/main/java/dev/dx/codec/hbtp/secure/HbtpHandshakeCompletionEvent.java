package dev.dx.codec.hbtp.secure;

/**
 * User event fired by a handshaker when the §6 handshake ends: successfully (the session keys are
 * installed in the codec; on the server, the client's {@linkplain #identity() identity} is stored on the
 * channel) or not (the connection is being closed).
 */
public final class HbtpHandshakeCompletionEvent {

    private final Throwable cause;
    private final byte[] remoteStaticKey;
    private final byte[] token;
    private final Object identity;

    HbtpHandshakeCompletionEvent(Throwable cause, byte[] remoteStaticKey, byte[] token, Object identity) {
        this.cause = cause;
        this.remoteStaticKey = remoteStaticKey;
        this.token = token;
        this.identity = identity;
    }

    /** Whether the handshake succeeded. */
    public boolean isSuccess() {
        return cause == null;
    }

    /** Why it failed, or {@code null}. */
    public Throwable cause() {
        return cause;
    }

    /** The peer's static public key when the pattern revealed it (XX; the server's key under NK), or {@code null}. */
    public byte[] remoteStaticKey() {
        return remoteStaticKey == null ? null : remoteStaticKey.clone();
    }

    /** On the server: the token the client sent (empty if none); on the client: {@code null}. */
    public byte[] token() {
        return token == null ? null : token.clone();
    }

    /**
     * On the server after a successful handshake: what the {@link HbtpAuthenticator} returned for the
     * client, the same object as {@link HbtpPeerIdentity#of(io.netty.channel.Channel)}; {@code null}
     * for a client accepted as {@link HbtpAuthenticator#ANONYMOUS}, on failure, and on the client.
     */
    public Object identity() {
        return identity;
    }

    @Override
    public String toString() {
        return "HbtpHandshakeCompletionEvent(" + (cause == null ? "success" : cause) + ")";
    }
}
