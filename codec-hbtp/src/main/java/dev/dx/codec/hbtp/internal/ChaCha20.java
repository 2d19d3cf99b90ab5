package dev.dx.codec.hbtp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ChaCha20 stream cipher of RFC 8439 §2.3–§2.4 for one 256-bit key: XORs the keystream of
 * (key, nonce, block counter) into a byte array in place.
 *
 * <p>Written for speed on JDK 17, which has no ChaCha20 intrinsic. One block at a time ({@link #xorBlock})
 * the 16 state words live in locals (the JIT keeps them in registers) and the keystream is XORed eight
 * bytes at a time through a little-endian {@code long} view of the array. The key words are final
 * fields; the nonce is three little-endian words passed per call, so one instance serves every nonce.
 *
 * <p>A run of at least {@value #WIDE_MIN_BLOCKS} full blocks takes the wide path instead, which C2's
 * superword pass turns into SIMD code without any JVM flag: up to {@value #WIDE_MAX_BLOCKS} blocks at
 * once, block {@code counter + i} in lane {@code i} of sixteen {@code int} arrays (one per state word).
 * A double round is one counted loop over the lanes whose body is the scalar double round between a
 * load and a store of the sixteen words, so every statement of the body becomes one vector instruction
 * over several lanes ({@code Integer.rotateLeft} included, a single {@code vprold} with AVX-512). The
 * keystream is then transposed into the array block by block, scalar, with the input words added. A
 * body of all twenty rounds is not vectorised (C2 leaves it scalar, spilling), and smaller bodies (a
 * round, a quarter round) load and store the words more often for the same work; with superword off
 * ({@code -XX:-UseSuperWord}) the wide path is about twice as slow as the scalar one.
 *
 * <p>How wide the vectors are depends on C2's unrolling, which follows the loop's profiled trip count
 * (the blocks per pass): on JDK 17 with AVX-512, 4 lanes below about 70 blocks, 8 lanes from 70 and
 * 16 from 150. Below about 12 blocks the wide path is slower than the scalar one, so shorter runs,
 * what remains after the wide passes and a final partial block go through {@link #xorBlock}. Both
 * paths give identical bytes; the block counter is an {@code int} that wraps in both.
 *
 * <p>When the JVM has the module {@code jdk.incubator.vector} ({@code --add-modules
 * jdk.incubator.vector}) and the system property {@value #VECTOR_PROPERTY} is not {@code false}, runs of
 * more than three blocks go through {@link VectorChaCha20} instead, the Vector API's SIMD code
 * (about 21 ns per block on JDK 17 with AVX-512 against 45–110 for the wide path): whole passes of its
 * lanes, the last one possibly shorter and ending in a partial block; a rest of up to three blocks goes
 * through {@link #xorBlock}, and the wide path is not used. The choice is made once per JVM
 * ({@link #VECTOR_DEFAULT}); {@link VectorChaCha20} is the only class that references the incubator
 * module and is never loaded without it.
 *
 * <p>Not thread-safe: the lane arrays (allocated by the first wide pass and grown, in powers of two,
 * by a longer one) and the keystream buffer of a final partial block are reused scratch. Each {@link ChaCha20Poly1305}, hence each direction of a
 * {@link FrameCipher}, owns its instance; nothing is allocated per call.
 */
final class ChaCha20 {

    /** Length of a keystream block. */
    static final int BLOCK_LENGTH = 64;
    /** Fewest full blocks that {@link #xor} passes to the wide path. */
    static final int WIDE_MIN_BLOCKS = 16;
    /** Most blocks per wide pass: the length of each lane array. */
    static final int WIDE_MAX_BLOCKS = 256;
    /** System property: {@code false} keeps the SIMD path ({@link VectorChaCha20}) off even when it is available. */
    static final String VECTOR_PROPERTY = "dx.hbtp.vector";
    /** Whether the module {@code jdk.incubator.vector} is in the boot layer, so {@link VectorChaCha20} can load. */
    static final boolean VECTOR_AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Whether new instances use {@link VectorChaCha20}: {@link #vectorSelected} of the property and the module. */
    static final boolean VECTOR_DEFAULT = vectorSelected(System.getProperty(VECTOR_PROPERTY), VECTOR_AVAILABLE);
    /**
     * Fewest bytes from which {@link #xor} makes a SIMD pass, more than three blocks: a pass of any width
     * costs about as much as three scalar blocks, so a shorter rest goes through {@link #xorBlock}.
     */
    static final int VECTOR_MIN_LENGTH = 3 * BLOCK_LENGTH + 1;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    // "expand 32-byte k", §2.3 (also the first row of VectorChaCha20's state)
    static final int C0 = 0x61707865;
    static final int C1 = 0x3320646e;
    static final int C2 = 0x79622d32;
    static final int C3 = 0x6b206574;

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
    /** The wide path's state: word {@code w} of lane {@code i} at {@code lanes[w][i]}; null until needed. */
    private int[][] lanes;
    /** The SIMD path, or null when this instance does without it. */
    private final VectorChaCha20 vector;

    /** The cipher for a 32-byte key (read as eight little-endian words), SIMD if {@link #VECTOR_DEFAULT}. */
    ChaCha20(byte[] key) {
        this(key, VECTOR_DEFAULT);
    }

    /**
     * The cipher for a 32-byte key, with the SIMD path if {@code vector} (which needs the module and a
     * suitable vector shape: {@code vectorSelected(null, VECTOR_AVAILABLE)}) or with the wide and scalar
     * paths only.
     */
    ChaCha20(byte[] key, boolean vector) {
        if (key.length != 32) {
            throw new IllegalArgumentException("key.length : " + key.length + " (expected: 32)");
        }
        if (vector && !vectorSelected(null, VECTOR_AVAILABLE)) {
            throw new IllegalStateException("the SIMD path needs --add-modules jdk.incubator.vector and 8 or 16 "
                    + "int lanes");
        }
        this.vector = vector ? new VectorChaCha20(key) : null;
        k0 = word(key, 0);
        k1 = word(key, 4);
        k2 = word(key, 8);
        k3 = word(key, 12);
        k4 = word(key, 16);
        k5 = word(key, 20);
        k6 = word(key, 24);
        k7 = word(key, 28);
    }

    /**
     * Whether to use the SIMD path: when the module is {@code available}, {@code property} (the value of
     * {@value #VECTOR_PROPERTY}) is not {@code false} in any case and the CPU's vector shape suits
     * {@link VectorChaCha20}. That class is loaded only when the module is available, so a JVM without
     * the module never touches {@code jdk.incubator.vector}.
     */
    static boolean vectorSelected(String property, boolean available) {
        return available && !"false".equalsIgnoreCase(property) && VectorChaCha20.SUPPORTED;
    }

    /** Whether this instance uses the SIMD path. */
    boolean vector() {
        return vector != null;
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
        if (vector != null) {
            // SIMD passes while enough bytes are left; the last pass may end in a partial block
            while (end - offset >= VECTOR_MIN_LENGTH) {
                int n = Math.min(VectorChaCha20.PASS_LENGTH, end - offset);
                vector.xorPass(n0, n1, n2, counter, buf, offset, n);
                counter += (n + BLOCK_LENGTH - 1) / BLOCK_LENGTH;
                offset += n;
            }
        } else {
            for (int blocks = length / BLOCK_LENGTH; blocks >= WIDE_MIN_BLOCKS; ) {
                int n = Math.min(blocks, WIDE_MAX_BLOCKS);
                xorWide(n0, n1, n2, counter, buf, offset, n);
                counter += n;
                offset += n * BLOCK_LENGTH;
                blocks -= n;
            }
        }
        int full = end - ((end - offset) & (BLOCK_LENGTH - 1));
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
     * The wide path: XORs the {@code n} keystream blocks from {@code counter} (at most
     * {@value #WIDE_MAX_BLOCKS}) into {@code n} full blocks of {@code buf} at {@code offset}.
     */
    private void xorWide(int n0, int n1, int n2, int counter, byte[] buf, int offset, int n) {
        int[][] s = lanes;
        if (s == null || s[0].length < n) {
            // n >= 16: round up to a power of two, so a connection of 2 KiB bodies keeps 4 KiB of lanes
            s = lanes = new int[16][Math.min(WIDE_MAX_BLOCKS, Integer.highestOneBit(n - 1) << 1)];
        }
        fill(s, 0, n, C0, C1, C2, C3);
        fill(s, 4, n, k0, k1, k2, k3);
        fill(s, 8, n, k4, k5, k6, k7);
        fill(s, 12, n, 0, n0, n1, n2); // word 12, the block counter, is set per lane below
        int[] s12 = s[12];
        for (int i = 0; i < n; i++) {
            s12[i] = counter + i;
        }
        for (int round = 0; round < 10; round++) {
            doubleRound(s, n);
        }
        int[] s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
        int[] s8 = s[8], s9 = s[9], s10 = s[10], s11 = s[11], s13 = s[13], s14 = s[14], s15 = s[15];
        for (int i = 0; i < n; i++, offset += BLOCK_LENGTH) {
            xorLong(buf, offset, s0[i] + C0, s1[i] + C1);
            xorLong(buf, offset + 8, s2[i] + C2, s3[i] + C3);
            xorLong(buf, offset + 16, s4[i] + k0, s5[i] + k1);
            xorLong(buf, offset + 24, s6[i] + k2, s7[i] + k3);
            xorLong(buf, offset + 32, s8[i] + k4, s9[i] + k5);
            xorLong(buf, offset + 40, s10[i] + k6, s11[i] + k7);
            xorLong(buf, offset + 48, s12[i] + counter + i, s13[i] + n0);
            xorLong(buf, offset + 56, s14[i] + n1, s15[i] + n2);
        }
    }

    /** Sets lanes {@code [0, n)} of words {@code w} to {@code w + 3} to {@code a, b, c, d}. */
    private static void fill(int[][] s, int w, int n, int a, int b, int c, int d) {
        Arrays.fill(s[w], 0, n, a);
        Arrays.fill(s[w + 1], 0, n, b);
        Arrays.fill(s[w + 2], 0, n, c);
        Arrays.fill(s[w + 3], 0, n, d);
    }

    /**
     * One double round (§2.3) of lanes {@code [0, n)}: the loop C2 vectorises. Its body is
     * {@link #xorBlock}'s double round between a load and a store of the sixteen words.
     */
    private static void doubleRound(int[][] s, int n) {
        int[] s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
        int[] s8 = s[8], s9 = s[9], s10 = s[10], s11 = s[11], s12 = s[12], s13 = s[13], s14 = s[14], s15 = s[15];
        for (int i = 0; i < n; i++) {
            int x0 = s0[i], x1 = s1[i], x2 = s2[i], x3 = s3[i], x4 = s4[i], x5 = s5[i], x6 = s6[i], x7 = s7[i];
            int x8 = s8[i], x9 = s9[i], x10 = s10[i], x11 = s11[i], x12 = s12[i], x13 = s13[i], x14 = s14[i];
            int x15 = s15[i];
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
            s0[i] = x0; s1[i] = x1; s2[i] = x2; s3[i] = x3; s4[i] = x4; s5[i] = x5; s6[i] = x6; s7[i] = x7;
            s8[i] = x8; s9[i] = x9; s10[i] = x10; s11[i] = x11; s12[i] = x12; s13[i] = x13; s14[i] = x14;
            s15[i] = x15;
        }
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
