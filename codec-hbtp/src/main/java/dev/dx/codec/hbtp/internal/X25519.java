package dev.dx.codec.hbtp.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** Curve25519 Diffie-Hellman (RFC 7748) on raw 32-byte little-endian keys, with the JDK's XDH provider. */
public final class X25519 {

    /** The length of keys and shared secrets. */
    public static final int KEY_LENGTH = 32;

    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {
    }

    /** Generates a private key: 32 random bytes (clamped by the DH function). */
    public static byte[] generatePrivateKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            KeyPair kp = g.generateKeyPair();
            return ((XECPrivateKey) kp.getPrivate()).getScalar().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no X25519", e);
        }
    }

    /** Returns the public key of {@code privateKey}: X25519(k, 9). */
    public static byte[] publicKey(byte[] privateKey) {
        return dh(privateKey, BASE_POINT);
    }

    /** Returns X25519(privateKey, publicKey), the shared secret. */
    public static byte[] dh(byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory f = KeyFactory.getInstance("XDH");
            PrivateKey priv = f.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone()));
            PublicKey pub = f.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toU(publicKey)));
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(priv);
            ka.doPhase(pub, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 failed: " + e.getMessage(), e);
        }
    }

    private static BigInteger toU(byte[] le) {
        if (le.length != KEY_LENGTH) {
            throw new IllegalArgumentException("publicKey.length : " + le.length + " (expected: 32)");
        }
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = le[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7F; // RFC 7748 §5: mask the most significant bit
        return new BigInteger(1, be);
    }

    /** Encodes a JDK public key as 32 little-endian bytes. */
    public static byte[] encode(XECPublicKey key) {
        byte[] be = key.getU().toByteArray();
        byte[] le = new byte[KEY_LENGTH];
        for (int i = 0; i < Math.min(be.length, KEY_LENGTH); i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
