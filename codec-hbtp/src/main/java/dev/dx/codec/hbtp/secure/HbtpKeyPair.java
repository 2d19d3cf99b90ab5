package dev.dx.codec.hbtp.secure;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.X25519;
import java.util.HexFormat;

/** A Curve25519 static key pair as raw 32-byte little-endian keys (RFC 7748). */
public final class HbtpKeyPair {

    private final byte[] privateKey;
    private final byte[] publicKey;

    private HbtpKeyPair(byte[] privateKey) {
        if (privateKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("privateKey.length : " + privateKey.length + " (expected: 32)");
        }
        this.privateKey = privateKey.clone();
        this.publicKey = X25519.publicKey(this.privateKey);
    }

    /** Generates a fresh key pair. */
    public static HbtpKeyPair generate() {
        return new HbtpKeyPair(X25519.generatePrivateKey());
    }

    /** Rebuilds a key pair from its 32-byte private key (the public key is derived). */
    public static HbtpKeyPair fromPrivateKey(byte[] privateKey) {
        return new HbtpKeyPair(checkNotNull(privateKey, "privateKey"));
    }

    /** A copy of the private key. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the public key: give it to clients to pin (NK). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String toString() {
        return "HbtpKeyPair(public=" + HexFormat.of().formatHex(publicKey) + ")";
    }
}
