package dev.dx.codec.hbtp.internal;

import java.security.SecureRandom;

/**
 * Curve25519 Diffie-Hellman (RFC 7748) on raw 32-byte little-endian keys, with BouncyCastle's
 * constant-time field arithmetic ({@code org.bouncycastle.math.ec.rfc7748.X25519}). The JDK 17 XDH
 * provider computes the same function but costs several times more per operation (and builds key
 * objects per call); {@code dev.dx.bench.hbtp.X25519Benchmark} compares them. The scalar is clamped
 * and the most significant bit of the u-coordinate is masked (RFC 7748 §5), as the JDK does; a shared
 * secret of all zeros (a low-order public key) is refused, as the JDK refuses it.
 */
public final class X25519 {

    /** The length of keys and shared secrets. */
    public static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        org.bouncycastle.math.ec.rfc7748.X25519.precompute();
    }

    private X25519() {
    }

    /** Generates a private key: 32 random bytes (clamped by the DH function). */
    public static byte[] generatePrivateKey() {
        byte[] k = new byte[KEY_LENGTH];
        RANDOM.nextBytes(k);
        return k;
    }

    /** Returns the public key of {@code privateKey}: X25519(k, 9). */
    public static byte[] publicKey(byte[] privateKey) {
        checkLength("privateKey", privateKey);
        byte[] r = new byte[KEY_LENGTH];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, r, 0);
        return r;
    }

    /**
     * Returns X25519(privateKey, publicKey), the shared secret; throws {@link IllegalArgumentException}
     * for a key that is not 32 bytes long or a low-order public key (the secret would be all zeros).
     */
    public static byte[] dh(byte[] privateKey, byte[] publicKey) {
        checkLength("privateKey", privateKey);
        checkLength("publicKey", publicKey);
        byte[] r = new byte[KEY_LENGTH];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, publicKey, 0, r, 0);
        if (isAllZero(r)) {
            throw new IllegalArgumentException("X25519 failed: the public key has small order (all-zero shared secret)");
        }
        return r;
    }

    private static void checkLength(String name, byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(name + ".length : " + key.length + " (expected: 32)");
        }
    }

    /** Constant time: ORs every byte. */
    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
