package dev.dx.codec.hbtp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ChaCha20 stream cipher of RFC 8439 §2.3–§2.4 for one 256-bit key: XORs the keystream of
 * (key, nonce, block counter) into a byte array in place.
 *
 * <p>Written for speed on JDK 17 without intrinsics: the 16 state words of a block live in locals (the
 * JIT keeps them in registers), and the keystream is XORed eight bytes at a time through a
 * little-endian {@code long} view of the array. The key words are final fields; the nonce is three
 * little-endian words passed per call, so one instance serves every nonce and allocates nothing.
 *
 * <p>Stateless apart from the key: thread-safe.
 */
final class ChaCha20 {

    /** Length of a keystream block. */
    static final int BLOCK_LENGTH = 64;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    // "expand 32-byte k", §2.3
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final int k0;
    private final int k1;
    private final int k2;
    private final int k3;
    private final int k4;
    private final int k5;
    private final int k6;
    private final int k7;
    /** Keystream of a final partial block (a block XORed into zeros). */
    private final byte[] partial = new byte[BLOCK_LENGTH];

    /** The cipher for a 32-byte key (read as eight little-endian words). */
    ChaCha20(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("key.length : " + key.length + " (expected: 32)");
        }
        k0 = word(key, 0);
        k1 = word(key, 4);
        k2 = word(key, 8);
        k3 = word(key, 12);
        k4 = word(key, 16);
        k5 = word(key, 20);
        k6 = word(key, 24);
        k7 = word(key, 28);
    }

    /** The little-endian word at {@code offset} of {@code bytes}. */
    static int word(byte[] bytes, int offset) {
        return (int) INT_LE.get(bytes, offset);
    }

    /**
     * XORs the keystream for nonce words {@code n0, n1, n2} from block {@code counter} into
     * {@code buf[offset, offset + length)}; a final partial block uses the head of its keystream block.
     * Returns the counter of the block after the last one used.
     */
    int xor(int n0, int n1, int n2, int counter, byte[] buf, int offset, int length) {
        int end = offset + length;
        int full = offset + (length & -BLOCK_LENGTH);
        for (; offset < full; offset += BLOCK_LENGTH) {
            xorBlock(n0, n1, n2, counter++, buf, offset);
        }
        if (offset < end) {
            Arrays.fill(partial, (byte) 0);
            xorBlock(n0, n1, n2, counter++, partial, 0);
            for (int i = 0; offset < end; i++, offset++) {
                buf[offset] ^= partial[i];
            }
        }
        return counter;
    }

    /**
     * XORs keystream block {@code counter} (§2.3: 20 rounds over constants ‖ key ‖ counter ‖ nonce,
     * plus the input words) into the 64 bytes of {@code buf} at {@code offset}. XORed into zeros it
     * serialises the block itself.
     */
    void xorBlock(int n0, int n1, int n2, int counter, byte[] buf, int offset) {
        int x0 = C0;
        int x1 = C1;
        int x2 = C2;
        int x3 = C3;
        int x4 = k0;
        int x5 = k1;
        int x6 = k2;
        int x7 = k3;
        int x8 = k4;
        int x9 = k5;
        int x10 = k6;
        int x11 = k7;
        int x12 = counter;
        int x13 = n0;
        int x14 = n1;
        int x15 = n2;
        for (int round = 0; round < 10; round++) {
            // column round: QR(0,4,8,12) QR(1,5,9,13) QR(2,6,10,14) QR(3,7,11,15)
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // diagonal round: QR(0,5,10,15) QR(1,6,11,12) QR(2,7,8,13) QR(3,4,9,14)
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        xorLong(buf, offset, x0 + C0, x1 + C1);
        xorLong(buf, offset + 8, x2 + C2, x3 + C3);
        xorLong(buf, offset + 16, x4 + k0, x5 + k1);
        xorLong(buf, offset + 24, x6 + k2, x7 + k3);
        xorLong(buf, offset + 32, x8 + k4, x9 + k5);
        xorLong(buf, offset + 40, x10 + k6, x11 + k7);
        xorLong(buf, offset + 48, x12 + counter, x13 + n0);
        xorLong(buf, offset + 56, x14 + n1, x15 + n2);
    }

    /** XORs the words {@code lo, hi} (little-endian, in that order) into the eight bytes at {@code offset}. */
    private static void xorLong(byte[] buf, int offset, int lo, int hi) {
        long keystream = (lo & 0xffffffffL) | ((long) hi << 32);
        LONG_LE.set(buf, offset, (long) LONG_LE.get(buf, offset) ^ keystream);
    }
}
