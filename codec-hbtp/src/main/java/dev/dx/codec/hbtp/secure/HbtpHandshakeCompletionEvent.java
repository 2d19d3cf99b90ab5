package dev.dx.codec.hbtp.secure;

/**
 * User event fired by a handshaker when the §6 handshake ends: successfully (the session keys are
 * installed in the codec) or not (the connection is being closed).
 */
public final class HbtpHandshakeCompletionEvent {

    private final Throwable cause;
    private final byte[] remoteStaticKey;
    private final byte[] token;

    HbtpHandshakeCompletionEvent(Throwable cause, byte[] remoteStaticKey, byte[] token) {
        this.cause = cause;
        this.remoteStaticKey = remoteStaticKey;
        this.token = token;
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

    @Override
    public String toString() {
        return "HbtpHandshakeCompletionEvent(" + (cause == null ? "success" : cause) + ")";
    }
}
