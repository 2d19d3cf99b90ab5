package dev.dx.codec.hbtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Poly1305}'s SIMD path ({@link VectorPoly1305}) against the scalar path and against RFC 8439
 * §2.5's definition computed with {@link BigInteger}: at every block count around the groups of 8 and
 * the threshold, with keys and messages that push every limb to its largest value, across the
 * {@link VectorPoly1305#MAX_BLOCKS} split, as §2.8's padded pieces, and once C2 has compiled the path.
 * On a JVM without the module or without 8 {@code long} lanes the SIMD cases are skipped.
 */
class VectorPoly1305Test {

    /** Whether this JVM can run the SIMD path: the module (added by surefire) and 8 {@code long} lanes. */
    static final boolean SIMD = Poly1305.vectorSelected(null, ChaCha20.VECTOR_AVAILABLE);

    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    /** r with every bit clamping leaves, and s all ones: the largest limbs the key can give. */
    private static final byte[] MAX_KEY = HexFormat.of().parseHex(
            "fffffff0fcfffff0fcfffff0fcfffff0" + "ffffffffffffffffffffffffffffffff");

    private static Poly1305 simd() {
        assumeTrue(SIMD, "the SIMD path needs --add-modules jdk.incubator.vector and AVX-512");
        return new Poly1305(true);
    }

    private static byte[] tag(Poly1305 poly, byte[] key, byte[] m, int offset, int length) {
        poly.init(key, 0);
        poly.message(m, offset, length);
        poly.finish();
        byte[] tag = new byte[16];
        poly.tag(tag, 0);
        return tag;
    }

    /** §2.5 read literally: little-endian blocks, 0x01 appended, h = (h + n)·r mod p, tag = h + s mod 2^128. */
    static byte[] reference(byte[] key, byte[] m, int offset, int length) {
        BigInteger r = littleEndian(key, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
        BigInteger s = littleEndian(key, 16, 16);
        BigInteger h = BigInteger.ZERO;
        for (int i = 0; i < length; i += 16) {
            int n = Math.min(16, length - i);
            BigInteger block = littleEndian(m, offset + i, n).setBit(8 * n);
            h = h.add(block).multiply(r).mod(P);
        }
        BigInteger t = h.add(s);
        byte[] tag = new byte[16];
        for (int i = 0; i < 16; i++) {
            tag[i] = t.shiftRight(8 * i).byteValue();
        }
        return tag;
    }

    private static BigInteger littleEndian(byte[] bytes, int offset, int length) {
        byte[] big = new byte[length + 1];
        for (int i = 0; i < length; i++) {
            big[length - i] = bytes[offset + i];
        }
        return new BigInteger(big);
    }

    @Test
    void selectionFollowsTheModuleThePropertyAndTheShape() {
        assertThat(Poly1305.vectorSelected(null, false)).isFalse();
        assertThat(Poly1305.vectorSelected("FALSE", true)).isFalse();
        assertThat(Poly1305.vectorSelected(null, true)).isEqualTo(VectorPoly1305.SUPPORTED);
        assertThat(Poly1305.vectorSelected("true", true)).isEqualTo(VectorPoly1305.SUPPORTED);
        assertThat(new Poly1305(false).vector()).isFalse();
        if (!SIMD) {
            assertThatThrownBy(() -> new Poly1305(true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("jdk.incubator.vector");
        }
    }

    /** Every block count from 0 to 90 with tails of 0, 1 and 15 bytes, at odd offsets, random keys. */
    @Test
    void everyLengthAgreesWithTheScalarPathAndTheDefinition() {
        Poly1305 simd = simd();
        assertThat(simd.vector()).isTrue();
        Poly1305 scalar = new Poly1305(false);
        Random random = new Random(1305);
        for (int blocks = 0; blocks <= 90; blocks++) {
            for (int tail : new int[] {0, 1, 15}) {
                int length = 16 * blocks + tail;
                byte[] key = new byte[32];
                random.nextBytes(key);
                int offset = random.nextInt(16);
                byte[] m = new byte[offset + length + 5];
                random.nextBytes(m);
                byte[] expected = reference(key, m, offset, length);
                assertThat(tag(scalar, key, m, offset, length)).as("scalar, %d bytes", length).isEqualTo(expected);
                assertThat(tag(simd, key, m, offset, length)).as("SIMD, %d bytes", length).isEqualTo(expected);
            }
        }
    }

    /** The largest r, messages of all ones (the largest limbs, carries everywhere) and of zeros. */
    @Test
    void extremeKeysAndMessages() {
        Poly1305 simd = simd();
        byte[] ones = new byte[16 * 200];
        Arrays.fill(ones, (byte) 0xff);
        byte[] zeros = new byte[ones.length];
        byte[] zeroKey = new byte[32];
        byte[] rOneKey = new byte[32];
        rOneKey[0] = 1;
        for (byte[] key : List.of(MAX_KEY, zeroKey, rOneKey)) {
            for (byte[] m : List.of(ones, zeros)) {
                for (int length : new int[] {16 * 16, 16 * 17 - 1, 16 * 64, 16 * 200}) {
                    assertThat(tag(simd, key, m, 0, length)).as("%d bytes", length)
                            .isEqualTo(reference(key, m, 0, length));
                }
            }
        }
    }

    /** A message longer than {@link VectorPoly1305#MAX_BLOCKS} blocks goes through several SIMD runs. */
    @Test
    void longMessagesSpanSeveralRuns() {
        Poly1305 simd = simd();
        Random random = new Random(7);
        for (int length : new int[] {16 * VectorPoly1305.MAX_BLOCKS, 16 * VectorPoly1305.MAX_BLOCKS + 16 * 9 + 3,
                3 * 16 * VectorPoly1305.MAX_BLOCKS + 200}) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            byte[] m = new byte[length];
            random.nextBytes(m);
            assertThat(tag(simd, key, m, 0, length)).as("%d bytes", length).isEqualTo(reference(key, m, 0, length));
        }
    }

    /** §2.8's input fed as padded pieces, some long enough for the SIMD path, with one key then another. */
    @Test
    void paddedPiecesAndLengthsAgreeWithTheScalarPath() {
        Poly1305 simd = simd();
        Poly1305 scalar = new Poly1305(false);
        Random random = new Random(8439);
        for (int round = 0; round < 50; round++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            List<byte[]> pieces = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                byte[] piece = new byte[random.nextInt(16 * 70)];
                random.nextBytes(piece);
                pieces.add(piece);
            }
            byte[][] tags = new byte[2][16];
            int i = 0;
            for (Poly1305 poly : List.of(simd, scalar)) {
                poly.init(key, 0);
                long total = 0;
                for (byte[] piece : pieces) {
                    poly.padded(piece, 0, piece.length);
                    total += piece.length;
                }
                poly.lengths(8, total);
                poly.finish();
                poly.tag(tags[i++], 0);
            }
            assertThat(tags[0]).as("round %d", round).isEqualTo(tags[1]);
        }
    }

    /**
     * The same after C2 has compiled the path (the tests above run it mostly interpreted, where the Vector
     * API is plain Java): 20,000 tags of four lengths, each compared with the scalar path.
     */
    @Test
    void simdPathAgreesWithTheScalarPathOnceCompiled() {
        Poly1305 simd = simd();
        Poly1305 scalar = new Poly1305(false);
        Random random = new Random(20_000);
        byte[] m = new byte[2304 + 16];
        byte[] key = new byte[32];
        int[] lengths = {16 * 16, 16 * 25 + 7, 2176, 2304};
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(key);
            m[random.nextInt(m.length)] ^= (byte) random.nextInt();
            int length = lengths[i & 3];
            int offset = i & 15;
            assertThat(tag(simd, key, m, offset, length)).as("call %d, %d bytes", i, length)
                    .isEqualTo(tag(scalar, key, m, offset, length));
        }
    }

    /** The scalar limb arithmetic that builds the powers of r, against {@link BigInteger}. */
    @Test
    void multiplyAndCarryKeepTheValueModP() {
        Random random = new Random(26);
        long[] limbs = new long[15];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < 10; i++) {
                limbs[i] = round < 2 ? (round == 0 ? 0x3ffffff : 0x4000000) : random.nextInt(0x4000001);
            }
            VectorPoly1305.multiply(limbs, 0, 5, 10, 1);
            for (int i = 10; i < 14; i++) {
                assertThat(limbs[i]).as("limb %d", i - 10).isLessThan(1L << 26);
            }
            assertThat(limbs[14]).isLessThanOrEqualTo(1L << 26);
            assertThat(value(limbs, 10).mod(P)).isEqualTo(value(limbs, 0).multiply(value(limbs, 5)).mod(P));
        }
    }

    private static BigInteger value(long[] limbs, int offset) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(26).add(BigInteger.valueOf(limbs[offset + i]));
        }
        return v;
    }
}
