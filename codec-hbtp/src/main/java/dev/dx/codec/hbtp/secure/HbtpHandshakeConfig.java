package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

/**
 * Settings of an HBTP handshake (spec §6). Final, fluent and validated; handshakers take a snapshot.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>server</th><th>client</th></tr>
 *   <tr><td>{@link #pattern}</td><td colspan="2">NK (default) or XX</td></tr>
 *   <tr><td>{@link #staticKeyPair}</td><td>required</td><td>XX only</td></tr>
 *   <tr><td>{@link #remoteStaticKey}</td><td>-</td><td>NK: the server's public key (pinned)</td></tr>
 *   <tr><td>{@link #token}</td><td>-</td><td>optional payload, checked by the server</td></tr>
 *   <tr><td>{@link #authenticator} or {@link #tokenValidator}</td><td>default accepts all, names none</td><td>-</td></tr>
 *   <tr><td>{@link #handshakeTimeoutMillis}</td><td colspan="2">10 000</td></tr>
 * </table>
 */
public final class HbtpHandshakeConfig {

    private HbtpNoisePattern pattern = HbtpNoisePattern.NK;
    private HbtpKeyPair staticKeyPair;
    private byte[] remoteStaticKey;
    private byte[] token = new byte[0];
    private HbtpTokenValidator tokenValidator = HbtpTokenValidator.ACCEPT_ALL;
    private HbtpAuthenticator authenticator = HbtpAuthenticator.ACCEPT_ALL;
    private long handshakeTimeoutMillis = 10_000;

    /** Sets the Noise pattern. */
    public HbtpHandshakeConfig pattern(HbtpNoisePattern pattern) {
        this.pattern = checkNotNull(pattern, "pattern");
        return this;
    }

    /** Sets this side's static key pair. */
    public HbtpHandshakeConfig staticKeyPair(HbtpKeyPair staticKeyPair) {
        this.staticKeyPair = checkNotNull(staticKeyPair, "staticKeyPair");
        return this;
    }

    /** Sets the server's 32-byte static public key, which an NK client pins. */
    public HbtpHandshakeConfig remoteStaticKey(byte[] remoteStaticKey) {
        checkNotNull(remoteStaticKey, "remoteStaticKey");
        if (remoteStaticKey.length != 32) {
            throw new IllegalArgumentException("remoteStaticKey.length : " + remoteStaticKey.length
                    + " (expected: 32)");
        }
        this.remoteStaticKey = remoteStaticKey.clone();
        return this;
    }

    /** Sets the token the client sends in its handshake payload. */
    public HbtpHandshakeConfig token(byte[] token) {
        this.token = checkNotNull(token, "token").clone();
        return this;
    }

    /**
     * Sets the server's yes-or-no check of the client token; the client gets no identity
     * ({@link HbtpPeerIdentity#of} gives {@code null}). Replaces any {@link #authenticator}.
     */
    public HbtpHandshakeConfig tokenValidator(HbtpTokenValidator tokenValidator) {
        this.tokenValidator = checkNotNull(tokenValidator, "tokenValidator");
        this.authenticator = HbtpAuthenticator.of(tokenValidator);
        return this;
    }

    /**
     * Sets the server's check of the client token that also names the client: what it returns is
     * stored on the channel ({@link HbtpPeerIdentity#of}) and carried by
     * {@link HbtpHandshakeCompletionEvent#identity()}; {@code null} refuses the client. Replaces any
     * {@link #tokenValidator}.
     */
    public HbtpHandshakeConfig authenticator(HbtpAuthenticator authenticator) {
        HbtpAuthenticator a = checkNotNull(authenticator, "authenticator");
        this.authenticator = a;
        this.tokenValidator = (token, clientStaticKey) -> a.authenticate(token, clientStaticKey) != null;
        return this;
    }

    /** Sets how long a handshake may take before the connection is closed. */
    public HbtpHandshakeConfig handshakeTimeoutMillis(long handshakeTimeoutMillis) {
        this.handshakeTimeoutMillis = checkPositive(handshakeTimeoutMillis, "handshakeTimeoutMillis");
        return this;
    }

    /** The pattern. */
    public HbtpNoisePattern pattern() {
        return pattern;
    }

    /** The static key pair, or {@code null}. */
    public HbtpKeyPair staticKeyPair() {
        return staticKeyPair;
    }

    /** The pinned server key, or {@code null}. */
    public byte[] remoteStaticKey() {
        return remoteStaticKey == null ? null : remoteStaticKey.clone();
    }

    /** The client token. */
    public byte[] token() {
        return token.clone();
    }

    /** The token validator (for an {@link #authenticator}, whether it accepts). */
    public HbtpTokenValidator tokenValidator() {
        return tokenValidator;
    }

    /** The authenticator the server runs (for a {@link #tokenValidator}, its adapter). */
    public HbtpAuthenticator authenticator() {
        return authenticator;
    }

    /** The handshake timeout. */
    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    HbtpHandshakeConfig verifyForServer() {
        if (staticKeyPair == null) {
            throw new IllegalArgumentException("staticKeyPair : null (expected: the server's key pair)");
        }
        return snapshot();
    }

    HbtpHandshakeConfig verifyForClient() {
        if (pattern == HbtpNoisePattern.NK && remoteStaticKey == null) {
            throw new IllegalArgumentException("remoteStaticKey : null (expected: the server's public key for NK)");
        }
        if (pattern == HbtpNoisePattern.XX && staticKeyPair == null) {
            throw new IllegalArgumentException("staticKeyPair : null (expected: the client's key pair for XX)");
        }
        return snapshot();
    }

    /** Returns an independent copy. */
    public HbtpHandshakeConfig snapshot() {
        HbtpHandshakeConfig c = new HbtpHandshakeConfig();
        c.pattern = pattern;
        c.staticKeyPair = staticKeyPair;
        c.remoteStaticKey = remoteStaticKey;
        c.token = token;
        c.tokenValidator = tokenValidator;
        c.authenticator = authenticator;
        c.handshakeTimeoutMillis = handshakeTimeoutMillis;
        return c;
    }
}
