package dev.dx.codec.hbtp.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise handshake state machine (noiseprotocol.org, revision 34) for the two patterns HBTP uses,
 * {@code Noise_NK_25519_ChaChaPoly_SHA256} and {@code Noise_XX_25519_ChaChaPoly_SHA256}, built on JDK
 * primitives (X25519, SHA-256, HMAC-SHA256, ChaCha20-Poly1305) so that {@link #split()} can hand the
 * transport keys to {@link FrameCipher}. Not thread-safe.
 *
 * <pre>
 * NK:  &lt;- s                XX:  -&gt; e
 *      ...                      &lt;- e, ee, s, es
 *      -&gt; e, es                 -&gt; s, se
 *      &lt;- e, ee
 * </pre>
 */
public final class NoiseHandshake {

    /** The handshake patterns of §6. */
    public enum Pattern {
        /** The client knows the server's static key. */
        NK("Noise_NK_25519_ChaChaPoly_SHA256", new String[][] {{"e", "es"}, {"e", "ee"}}),
        /** Both sides send their static keys (mutual authentication). */
        XX("Noise_XX_25519_ChaChaPoly_SHA256", new String[][] {{"e"}, {"e", "ee", "s", "es"}, {"s", "se"}});

        final String protocolName;
        final String[][] messages;

        Pattern(String protocolName, String[][] messages) {
            this.protocolName = protocolName;
            this.messages = messages;
        }

        /** The full Noise protocol name. */
        public String protocolName() {
            return protocolName;
        }

        /** The number of handshake messages. */
        public int messageCount() {
            return messages.length;
        }
    }

    /** The prologue of §6: ASCII {@code HBTP/1}. */
    public static final byte[] PROLOGUE = "HBTP/1".getBytes(StandardCharsets.US_ASCII);

    private static final int HASH_LEN = 32;
    private static final int TAG_LEN = 16;

    private final Pattern pattern;
    private final boolean initiator;
    private final byte[] s;     // local static private key, or null
    private final byte[] sPub;
    private byte[] e;           // local ephemeral private key
    private byte[] ePub;
    private byte[] rs;          // remote static public key
    private byte[] re;          // remote ephemeral public key
    private byte[] ck;
    private byte[] h;
    private byte[] k;
    private long n;
    private int message;
    private final MessageDigest sha256;
    private final Mac hmac;
    private final Cipher aead;
    private byte[] fixedEphemeral;

    /**
     * Creates a handshake. {@code localStatic} is this side's static private key (the NK responder and
     * both XX sides need one); {@code remoteStatic} is the responder's public key (the NK initiator
     * needs it).
     */
    public NoiseHandshake(Pattern pattern, boolean initiator, byte[] localStatic, byte[] remoteStatic,
                          byte[] prologue) {
        this(pattern, initiator, localStatic, localStatic == null ? null : X25519.publicKey(localStatic),
                remoteStatic, prologue);
    }

    /**
     * Creates a handshake whose local static public key was computed once beforehand (a server's
     * {@code HbtpKeyPair}), so that no handshake pays for X25519(s, 9) again. {@code localStaticPublic}
     * must be the public key of {@code localStatic} (both null, or both 32 bytes).
     */
    public NoiseHandshake(Pattern pattern, boolean initiator, byte[] localStatic, byte[] localStaticPublic,
                          byte[] remoteStatic, byte[] prologue) {
        if ((localStatic == null) != (localStaticPublic == null)) {
            throw new IllegalArgumentException("the local static private and public keys go together");
        }
        this.pattern = pattern;
        this.initiator = initiator;
        this.s = localStatic == null ? null : localStatic.clone();
        this.sPub = localStaticPublic == null ? null : localStaticPublic.clone();
        this.rs = remoteStatic == null ? null : remoteStatic.clone();
        if (pattern == Pattern.NK && initiator && rs == null) {
            throw new IllegalArgumentException("NK initiator needs the responder's static public key");
        }
        if ((pattern == Pattern.XX || !initiator) && s == null) {
            throw new IllegalArgumentException(pattern + (initiator ? " initiator" : " responder")
                    + " needs a static key pair");
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
            aead = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        byte[] name = pattern.protocolName.getBytes(StandardCharsets.US_ASCII);
        h = name.length <= HASH_LEN ? Arrays.copyOf(name, HASH_LEN) : sha256.digest(name);
        ck = h.clone();
        mixHash(prologue);
        if (pattern == Pattern.NK) {
            mixHash(initiator ? rs : sPub); // pre-message: <- s
        }
    }

    /** For test vectors only: use this ephemeral private key instead of a random one. */
    public NoiseHandshake fixedEphemeral(byte[] privateKey) {
        this.fixedEphemeral = privateKey.clone();
        return this;
    }

    /** Whether it is this side's turn to write. */
    public boolean isMyTurn() {
        return !isComplete() && (message % 2 == 0) == initiator;
    }

    /** Whether every message of the pattern has been written or read. */
    public boolean isComplete() {
        return message == pattern.messages.length;
    }

    /** The remote static public key, once known. */
    public byte[] remoteStaticKey() {
        return rs == null ? null : rs.clone();
    }

    /** The handshake hash h (channel binding). */
    public byte[] handshakeHash() {
        return h.clone();
    }

    /** Writes the next message carrying {@code payload}. */
    public byte[] writeMessage(byte[] payload) {
        if (!isMyTurn()) {
            throw new IllegalStateException("not this side's turn to write");
        }
        byte[] out = new byte[0];
        for (String token : pattern.messages[message]) {
            switch (token) {
                case "e":
                    e = fixedEphemeral != null ? fixedEphemeral : X25519.generatePrivateKey();
                    ePub = X25519.publicKey(e);
                    out = concat(out, ePub);
                    mixHash(ePub);
                    break;
                case "s":
                    out = concat(out, encryptAndHash(sPub));
                    break;
                default:
                    dhToken(token);
            }
        }
        out = concat(out, encryptAndHash(payload));
        message++;
        return out;
    }

    /** Reads the peer's next message and returns its payload; a bad tag or short message throws. */
    public byte[] readMessage(byte[] msg) throws AEADBadTagException {
        if (isComplete() || isMyTurn()) {
            throw new IllegalStateException("not the peer's turn to write");
        }
        int off = 0;
        for (String token : pattern.messages[message]) {
            switch (token) {
                case "e":
                    need(msg, off, 32);
                    re = Arrays.copyOfRange(msg, off, off + 32);
                    off += 32;
                    mixHash(re);
                    break;
                case "s":
                    int len = k != null ? 32 + TAG_LEN : 32;
                    need(msg, off, len);
                    rs = decryptAndHash(Arrays.copyOfRange(msg, off, off + len));
                    off += len;
                    break;
                default:
                    dhToken(token);
            }
        }
        byte[] payload = decryptAndHash(Arrays.copyOfRange(msg, off, msg.length));
        message++;
        return payload;
    }

    private static void need(byte[] msg, int off, int len) throws AEADBadTagException {
        if (msg.length < off + len) {
            throw new AEADBadTagException("handshake message too short");
        }
    }

    private void dhToken(String token) {
        switch (token) {
            case "ee":
                mixKey(X25519.dh(e, re));
                break;
            case "es":
                mixKey(initiator ? X25519.dh(e, rs) : X25519.dh(s, re));
                break;
            case "se":
                mixKey(initiator ? X25519.dh(s, re) : X25519.dh(e, rs));
                break;
            default:
                throw new IllegalStateException("token " + token);
        }
    }

    /**
     * Splits the final chaining key into the two transport keys and returns
     * {@code {this side's sending key, this side's receiving key}} (32 bytes each).
     */
    public byte[][] split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake not complete");
        }
        byte[][] keys = hkdf(ck, new byte[0]);
        return initiator ? new byte[][] {keys[0], keys[1]} : new byte[][] {keys[1], keys[0]};
    }

    private void mixHash(byte[] data) {
        sha256.update(h);
        sha256.update(data);
        h = sha256.digest();
    }

    private void mixKey(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm);
        ck = out[0];
        k = out[1];
        n = 0;
    }

    private byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] out1 = hmac(temp, new byte[] {1});
        byte[] out2 = hmac(temp, concat(out1, new byte[] {2}));
        return new byte[][] {out1, out2};
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(data);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private byte[] encryptAndHash(byte[] plaintext) {
        byte[] c = k == null ? plaintext : aead(Cipher.ENCRYPT_MODE, plaintext);
        mixHash(c);
        return c;
    }

    private byte[] decryptAndHash(byte[] ciphertext) throws AEADBadTagException {
        byte[] p;
        if (k == null) {
            p = ciphertext;
        } else {
            try {
                aeadInit(Cipher.DECRYPT_MODE);
                p = aead.doFinal(ciphertext);
            } catch (AEADBadTagException ex) {
                throw ex;
            } catch (GeneralSecurityException ex) {
                throw new AEADBadTagException(ex.getMessage());
            }
        }
        mixHash(ciphertext);
        return p;
    }

    private byte[] aead(int mode, byte[] in) {
        try {
            aeadInit(mode);
            return aead.doFinal(in);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void aeadInit(int mode) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        long counter = n++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        aead.init(mode, new SecretKeySpec(k, "ChaCha20"), new IvParameterSpec(nonce));
        aead.updateAAD(h);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
