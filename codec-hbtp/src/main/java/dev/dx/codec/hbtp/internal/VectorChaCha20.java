package dev.dx.codec.hbtp.internal;

import static dev.dx.codec.hbtp.internal.ChaCha20.C0;
import static dev.dx.codec.hbtp.internal.ChaCha20.C1;
import static dev.dx.codec.hbtp.internal.ChaCha20.C2;
import static dev.dx.codec.hbtp.internal.ChaCha20.C3;
import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChaCha20}'s SIMD path through the Vector API ({@code jdk.incubator.vector}): the keystream of
 * {@link #LANES} consecutive blocks at once, block {@code counter + i} in lane {@code i} of sixteen
 * {@code IntVector}s, one per state word. The twenty rounds are the scalar ones with every {@code int}
 * replaced by a vector ({@code lanewise(ROL, n)} is one {@code vprold} with AVX-512). Each word plus its
 * input word is then scattered into a scratch {@code int} array block by block (the transpose: word
 * {@code w} of block {@code i} at {@code 16 * i + w}), and each block's keystream is loaded back as
 * vectors and XORed into the block's bytes, loaded as a {@code ByteVector} and reinterpreted as
 * {@code int}s (the Vector API reinterprets lanes in little-endian memory order, as RFC 8439 serialises
 * words). That is almost twice as fast as storing the words as they are and transposing them with
 * scalar code into the bytes, eight at a time (21 against 36 ns per block at 16 blocks). Gathering
 * the words back instead of scattering them ({@code IntVector.fromArray} with an index map) was as
 * fast but gave wrong bytes once C2 had compiled it on JDK 17.0.15 (right in the interpreter and on
 * JDK 25); {@code ChaCha20Test} compares the compiled pass with the wide path.
 *
 * <p>The species is {@link IntVector#SPECIES_PREFERRED}: 16 lanes (512 bits) with AVX-512, 8 with AVX2.
 * A pass costs about the same whatever its width (the twenty rounds are one chain of dependent
 * instructions), about 240 ns on JDK 17 with AVX-512, so narrower species do not help short runs and
 * a short run takes a whole pass of which only its blocks are used: on JDK 17 with AVX-512 about 21 ns
 * per block at 16 blocks and from 64 blocks on, against 45–110 for {@code ChaCha20}'s auto-vectorised
 * wide path and about 100–130 for the scalar block function. With {@code -XX:MaxVectorSize=32}, which
 * makes the preferred species 8 lanes, a pass costs about as much (33–36 ns per block from 8 blocks on);
 * with {@code 16} (4 lanes) it is slower than the wide path, so {@link #SUPPORTED} is false there, and
 * for shapes of more than 16 lanes (SVE beyond 512 bits), which would overrun a block.
 *
 * <p>Only {@link ChaCha20} uses this class, and only when the module {@code jdk.incubator.vector} is in
 * the boot layer ({@code --add-modules jdk.incubator.vector}) and the system property
 * {@value ChaCha20#VECTOR_PROPERTY} is not {@code false}: it is the only class of the codec that
 * references the incubator module, so a JVM without it never loads it. In the interpreter and C1 every
 * vector operation allocates; once C2 has compiled a pass nothing does.
 *
 * <p>Not thread-safe: the keystream array is reused scratch.
 */
final class VectorChaCha20 {

    /** The vector shape: the CPU's preferred one. */
    static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /** Blocks per pass: the lanes of {@link #SPECIES}. */
    static final int LANES = SPECIES.length();
    /** Bytes per pass. */
    static final int PASS_LENGTH = LANES * ChaCha20.BLOCK_LENGTH;
    /**
     * Whether the shape suits this class: 8 or 16 lanes. With 4 (128-bit vectors) a pass is slower per
     * block than the wide path from 8 blocks on; more than 16 would overrun a block.
     */
    static final boolean SUPPORTED = LANES >= 8 && LANES <= 16;

    /** Bytes of the same shape as {@link #SPECIES}: a vector of {@code 4 * LANES} bytes of the buffer. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    /** Scatter map of one word over the blocks of a pass: word {@code w} of block {@code i} goes to {@code 16 * i + w}. */
    private static final int[] SCATTER = scatterMap();

    private final int k0;
    private final int k1;
    private final int k2;
    private final int k3;
    private final int k4;
    private final int k5;
    private final int k6;
    private final int k7;
    /** The keystream of a pass: word {@code w} of block {@code i} at {@code 16 * i + w}. */
    private final int[] keystream = new int[16 * LANES];

    /** The SIMD keystream for a 32-byte key (eight little-endian words). */
    VectorChaCha20(byte[] key) {
        k0 = ChaCha20.word(key, 0);
        k1 = ChaCha20.word(key, 4);
        k2 = ChaCha20.word(key, 8);
        k3 = ChaCha20.word(key, 12);
        k4 = ChaCha20.word(key, 16);
        k5 = ChaCha20.word(key, 20);
        k6 = ChaCha20.word(key, 24);
        k7 = ChaCha20.word(key, 28);
    }

    /**
     * One pass: XORs the keystream for nonce words {@code n0, n1, n2} from block {@code counter} into
     * {@code buf[offset, offset + length)}, {@code 0 < length <= PASS_LENGTH}. All {@link #LANES} blocks
     * are computed; a final partial block uses the head of its keystream block, and blocks past
     * {@code length} are dropped. The counter wraps as an {@code int}, as in the block function.
     */
    void xorPass(int n0, int n1, int n2, int counter, byte[] buf, int offset, int length) {
        IntVector ctr = IntVector.zero(SPECIES).addIndex(1).add(counter);
        IntVector v0 = IntVector.broadcast(SPECIES, C0);
        IntVector v1 = IntVector.broadcast(SPECIES, C1);
        IntVector v2 = IntVector.broadcast(SPECIES, C2);
        IntVector v3 = IntVector.broadcast(SPECIES, C3);
        IntVector v4 = IntVector.broadcast(SPECIES, k0);
        IntVector v5 = IntVector.broadcast(SPECIES, k1);
        IntVector v6 = IntVector.broadcast(SPECIES, k2);
        IntVector v7 = IntVector.broadcast(SPECIES, k3);
        IntVector v8 = IntVector.broadcast(SPECIES, k4);
        IntVector v9 = IntVector.broadcast(SPECIES, k5);
        IntVector v10 = IntVector.broadcast(SPECIES, k6);
        IntVector v11 = IntVector.broadcast(SPECIES, k7);
        IntVector v12 = ctr;
        IntVector v13 = IntVector.broadcast(SPECIES, n0);
        IntVector v14 = IntVector.broadcast(SPECIES, n1);
        IntVector v15 = IntVector.broadcast(SPECIES, n2);
        for (int round = 0; round < 10; round++) {
            // column round: QR(0,4,8,12) QR(1,5,9,13) QR(2,6,10,14) QR(3,7,11,15)
            v0 = v0.add(v4); v12 = v12.lanewise(XOR, v0).lanewise(ROL, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROL, 12);
            v0 = v0.add(v4); v12 = v12.lanewise(XOR, v0).lanewise(ROL, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROL, 7);
            v1 = v1.add(v5); v13 = v13.lanewise(XOR, v1).lanewise(ROL, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROL, 12);
            v1 = v1.add(v5); v13 = v13.lanewise(XOR, v1).lanewise(ROL, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROL, 7);
            v2 = v2.add(v6); v14 = v14.lanewise(XOR, v2).lanewise(ROL, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROL, 12);
            v2 = v2.add(v6); v14 = v14.lanewise(XOR, v2).lanewise(ROL, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROL, 7);
            v3 = v3.add(v7); v15 = v15.lanewise(XOR, v3).lanewise(ROL, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROL, 12);
            v3 = v3.add(v7); v15 = v15.lanewise(XOR, v3).lanewise(ROL, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROL, 7);
            // diagonal round: QR(0,5,10,15) QR(1,6,11,12) QR(2,7,8,13) QR(3,4,9,14)
            v0 = v0.add(v5); v15 = v15.lanewise(XOR, v0).lanewise(ROL, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROL, 12);
            v0 = v0.add(v5); v15 = v15.lanewise(XOR, v0).lanewise(ROL, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROL, 7);
            v1 = v1.add(v6); v12 = v12.lanewise(XOR, v1).lanewise(ROL, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROL, 12);
            v1 = v1.add(v6); v12 = v12.lanewise(XOR, v1).lanewise(ROL, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROL, 7);
            v2 = v2.add(v7); v13 = v13.lanewise(XOR, v2).lanewise(ROL, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROL, 12);
            v2 = v2.add(v7); v13 = v13.lanewise(XOR, v2).lanewise(ROL, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROL, 7);
            v3 = v3.add(v4); v14 = v14.lanewise(XOR, v3).lanewise(ROL, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROL, 12);
            v3 = v3.add(v4); v14 = v14.lanewise(XOR, v3).lanewise(ROL, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROL, 7);
        }
        int[] ks = keystream;
        v0.add(C0).intoArray(ks, 0, SCATTER, 0);
        v1.add(C1).intoArray(ks, 1, SCATTER, 0);
        v2.add(C2).intoArray(ks, 2, SCATTER, 0);
        v3.add(C3).intoArray(ks, 3, SCATTER, 0);
        v4.add(k0).intoArray(ks, 4, SCATTER, 0);
        v5.add(k1).intoArray(ks, 5, SCATTER, 0);
        v6.add(k2).intoArray(ks, 6, SCATTER, 0);
        v7.add(k3).intoArray(ks, 7, SCATTER, 0);
        v8.add(k4).intoArray(ks, 8, SCATTER, 0);
        v9.add(k5).intoArray(ks, 9, SCATTER, 0);
        v10.add(k6).intoArray(ks, 10, SCATTER, 0);
        v11.add(k7).intoArray(ks, 11, SCATTER, 0);
        v12.add(ctr).intoArray(ks, 12, SCATTER, 0);
        v13.add(n0).intoArray(ks, 13, SCATTER, 0);
        v14.add(n1).intoArray(ks, 14, SCATTER, 0);
        v15.add(n2).intoArray(ks, 15, SCATTER, 0);
        int full = length >>> 6;
        for (int i = 0; i < full; i++, offset += ChaCha20.BLOCK_LENGTH) {
            // words p to p + LANES - 1 of block i: 4 * LANES bytes of the buffer
            for (int p = 0; p < 16; p += LANES) {
                int at = offset + 4 * p;
                IntVector stream = IntVector.fromArray(SPECIES, ks, 16 * i + p);
                ByteVector.fromArray(BYTES, buf, at).reinterpretAsInts().lanewise(XOR, stream).reinterpretAsBytes()
                        .intoArray(buf, at);
            }
        }
        for (int j = 0, rest = length & (ChaCha20.BLOCK_LENGTH - 1); j < rest; j++) {
            buf[offset + j] ^= (byte) (ks[16 * full + (j >>> 2)] >>> ((j & 3) << 3));
        }
    }

    /** The offsets {@code 0, 16, 32, ...} (one per lane) of {@link #SCATTER}. */
    private static int[] scatterMap() {
        int[] map = new int[LANES];
        for (int j = 0; j < LANES; j++) {
            map[j] = 16 * j;
        }
        return map;
    }
}
