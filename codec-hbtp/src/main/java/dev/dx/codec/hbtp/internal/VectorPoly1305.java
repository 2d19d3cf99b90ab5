package dev.dx.codec.hbtp.internal;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Poly1305}'s SIMD path through the Vector API ({@code jdk.incubator.vector}): absorbs a run of
 * whole blocks {@link #LANES} at a time, one block per {@code long} lane.
 *
 * <p>Poly1305 is Horner's rule, h = (h + m_i)·r for each block, so every block waits for the one before
 * it. Split over L lanes, lane j takes blocks j, j + L, j + 2L, …: each group of L blocks is added to
 * the lanes and the lanes are multiplied by r^L, except after the last group, where lane j is
 * multiplied by r^(L−j) instead; the sum of the lanes is then the h that Horner's rule gives, and
 * {@link Poly1305} goes on from it. The running h enters lane 0 with the first group.
 *
 * <p>Numbers are five 26-bit limbs in five vectors (radix 2^26, as in poly1305-donna's 32-bit code), so
 * every partial product fits a {@code long}: limbs below 2^27.4 (a partly reduced h plus a message
 * limb) times 5·r limbs below 2^28.4, five terms, stay below 2^58. After each multiplication one carry
 * pass brings the limbs back below 2^26 (limb 1 a little above), folding the bits from 2^130 up back
 * into limb 0 times 5 (2^130 ≡ 5 mod 2^130 − 5). The powers r^2 … r^L are computed once per key (that
 * is, per message: the AEAD's one-time key), the first time the message reaches this path, scalar, in
 * a layout the last group loads as vectors as it is. No branch or memory access depends on the key or
 * the data.
 *
 * <p>{@code LongVector.mul} is one {@code vpmullq} with AVX-512 (8 lanes), which is why {@link #SUPPORTED}
 * asks for 8 lanes: AVX2 (4 lanes) has no 64-bit lane multiply instruction, and the path stays off
 * there (not measured). Each group's message words are first copied out of the byte array, block by
 * block, into two {@code long} arrays (the low and the high eight bytes of every block), then loaded as
 * vectors: no gather, no shuffle. The two arrays grow with the longest run seen (in powers of two, up
 * to {@link #MAX_BLOCKS} blocks, 16 KiB together), so a connection of small frames keeps them small.
 *
 * <p>Only {@link Poly1305} uses this class, and only when the module {@code jdk.incubator.vector} is in
 * the boot layer and the system property {@value ChaCha20#VECTOR_PROPERTY} is not {@code false} (the
 * same switch as {@link VectorChaCha20}). Not thread-safe: the powers and the word arrays are reused
 * scratch, allocated once; once C2 has compiled it, nothing is allocated per call.
 */
final class VectorPoly1305 {

    /** The vector shape: the CPU's preferred one. */
    static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    /** Blocks per group: the lanes of {@link #SPECIES}. */
    static final int LANES = SPECIES.length();
    /** Whether the shape suits this class: 8 lanes (512 bits), where a lane multiply is one instruction. */
    static final boolean SUPPORTED = LANES == 8;
    /** Most blocks per call of {@link #absorb}: the length of the word arrays. */
    static final int MAX_BLOCKS = 1024;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long M26 = 0x3ffffff;

    /**
     * The powers of r, limb-major with the lanes reversed: limb {@code i} of r^k at
     * {@code i * LANES + LANES - k}. So limb i's row, read as a vector, holds r^(L−j) in lane j (what the
     * last group is multiplied by), and its first element is r^L's limb (what the other groups are).
     */
    private final long[] ladder = new long[5 * LANES];
    /** The low eight bytes of each block of the current run, and the high eight; grown on demand. */
    private long[] low = new long[0];
    private long[] high = new long[0];
    /** A vector's lanes, of which only lane 0 is ever set: the others stay 0. */
    private final long[] lane = new long[LANES];
    /** The five limbs of the lane sum. */
    private final long[] sum = new long[5];
    /** Whether {@link #ladder} holds the powers of the current key's r; cleared by {@link #newKey}. */
    private boolean powersReady;
    private long h0;
    private long h1;
    private long h2;

    /**
     * Absorbs {@code groups · LANES} blocks of {@code m} from {@code offset} (at most {@link #MAX_BLOCKS}),
     * each plus {@code hibit}·2^128, into h = {@code h0 + h1·2^64 + h2·2^128} for the clamped key half r =
     * {@code r0 + r1·2^64}, the same r for every call between two {@link #newKey}. Read the new h, partly
     * reduced as {@link Poly1305} keeps it, from {@link #h0()}, {@link #h1()} and {@link #h2()}.
     */
    void absorb(long r0, long r1, long h0, long h1, long h2, byte[] m, int offset, int groups, long hibit) {
        if (!powersReady) {
            computePowers(r0, r1);
        }
        int blocks = groups * LANES;
        if (low.length < blocks) {
            int length = Math.min(MAX_BLOCKS, Math.max(64, Integer.highestOneBit(blocks - 1) << 1));
            low = new long[length];
            high = new long[length];
        }
        long[] low = this.low;
        long[] high = this.high;
        for (int i = 0; i < blocks; i++, offset += 16) {
            low[i] = (long) LONG_LE.get(m, offset);
            high[i] = (long) LONG_LE.get(m, offset + 8);
        }
        LongVector v0 = lane0(h0 & M26);
        LongVector v1 = lane0((h0 >>> 26) & M26);
        LongVector v2 = lane0(((h0 >>> 52) | (h1 << 12)) & M26);
        LongVector v3 = lane0((h1 >>> 14) & M26);
        LongVector v4 = lane0((h1 >>> 40) | (h2 << 24));
        long top = hibit << 24;
        // r^L in every lane (and 5 times its limbs 1 to 4), until the last group
        long[] p = ladder;
        LongVector r0v = LongVector.broadcast(SPECIES, p[0]);
        LongVector r1v = LongVector.broadcast(SPECIES, p[LANES]);
        LongVector r2v = LongVector.broadcast(SPECIES, p[2 * LANES]);
        LongVector r3v = LongVector.broadcast(SPECIES, p[3 * LANES]);
        LongVector r4v = LongVector.broadcast(SPECIES, p[4 * LANES]);
        for (int g = 0, at = 0; g < groups; g++, at += LANES) {
            if (g == groups - 1) {
                // the last group: lane j times r^(L - j)
                r0v = LongVector.fromArray(SPECIES, p, 0);
                r1v = LongVector.fromArray(SPECIES, p, LANES);
                r2v = LongVector.fromArray(SPECIES, p, 2 * LANES);
                r3v = LongVector.fromArray(SPECIES, p, 3 * LANES);
                r4v = LongVector.fromArray(SPECIES, p, 4 * LANES);
            }
            LongVector s1v = r1v.add(r1v.lanewise(LSHL, 2));
            LongVector s2v = r2v.add(r2v.lanewise(LSHL, 2));
            LongVector s3v = r3v.add(r3v.lanewise(LSHL, 2));
            LongVector s4v = r4v.add(r4v.lanewise(LSHL, 2));
            LongVector a = LongVector.fromArray(SPECIES, low, at);
            LongVector b = LongVector.fromArray(SPECIES, high, at);
            v0 = v0.add(a.and(M26));
            v1 = v1.add(a.lanewise(LSHR, 26).and(M26));
            v2 = v2.add(a.lanewise(LSHR, 52).or(b.lanewise(LSHL, 12)).and(M26));
            v3 = v3.add(b.lanewise(LSHR, 14).and(M26));
            v4 = v4.add(b.lanewise(LSHR, 40).or(top));
            LongVector d0 = v0.mul(r0v).add(v1.mul(s4v)).add(v2.mul(s3v)).add(v3.mul(s2v)).add(v4.mul(s1v));
            LongVector d1 = v0.mul(r1v).add(v1.mul(r0v)).add(v2.mul(s4v)).add(v3.mul(s3v)).add(v4.mul(s2v));
            LongVector d2 = v0.mul(r2v).add(v1.mul(r1v)).add(v2.mul(r0v)).add(v3.mul(s4v)).add(v4.mul(s3v));
            LongVector d3 = v0.mul(r3v).add(v1.mul(r2v)).add(v2.mul(r1v)).add(v3.mul(r0v)).add(v4.mul(s4v));
            LongVector d4 = v0.mul(r4v).add(v1.mul(r3v)).add(v2.mul(r2v)).add(v3.mul(r1v)).add(v4.mul(r0v));
            // one carry pass; the carry out of limb 4 is worth 5 in limb 0
            d1 = d1.add(d0.lanewise(LSHR, 26));
            v0 = d0.and(M26);
            d2 = d2.add(d1.lanewise(LSHR, 26));
            v1 = d1.and(M26);
            d3 = d3.add(d2.lanewise(LSHR, 26));
            v2 = d2.and(M26);
            d4 = d4.add(d3.lanewise(LSHR, 26));
            v3 = d3.and(M26);
            LongVector c = d4.lanewise(LSHR, 26);
            v4 = d4.and(M26);
            v0 = v0.add(c).add(c.lanewise(LSHL, 2));
            v1 = v1.add(v0.lanewise(LSHR, 26));
            v0 = v0.and(M26);
        }
        long[] l = sum;
        l[0] = v0.reduceLanes(ADD);
        l[1] = v1.reduceLanes(ADD);
        l[2] = v2.reduceLanes(ADD);
        l[3] = v3.reduceLanes(ADD);
        l[4] = v4.reduceLanes(ADD);
        carry(l);
        this.h0 = l[0] | (l[1] << 26) | (l[2] << 52);
        this.h1 = (l[2] >>> 12) | (l[3] << 14) | (l[4] << 40);
        this.h2 = l[4] >>> 24;
    }

    /** Forgets the powers of r: the next {@link #absorb} computes them for its r. Call per new key. */
    void newKey() {
        powersReady = false;
    }

    /** h's low 64 bits after {@link #absorb}. */
    long h0() {
        return h0;
    }

    /** h's bits 64 to 127 after {@link #absorb}. */
    long h1() {
        return h1;
    }

    /** h's bits from 128 up after {@link #absorb} (a few at most). */
    long h2() {
        return h2;
    }

    /** A vector whose lane 0 is {@code value} and whose other lanes are 0. */
    private LongVector lane0(long value) {
        lane[0] = value;
        return LongVector.fromArray(SPECIES, lane, 0);
    }

    /** Fills {@link #ladder} with r^1 … r^L for r = {@code r0 + r1·2^64}. */
    private void computePowers(long r0, long r1) {
        long[] l = ladder;
        int first = LANES - 1; // r^1's column
        l[first] = r0 & M26;
        l[LANES + first] = (r0 >>> 26) & M26;
        l[2 * LANES + first] = ((r0 >>> 52) | (r1 << 12)) & M26;
        l[3 * LANES + first] = (r1 >>> 14) & M26;
        l[4 * LANES + first] = r1 >>> 40;
        // r^k = r^half · r^(k - half): a tree (r^2; r^3, r^4; r^5 … r^8), the products of a level independent
        for (int k = 2; k <= LANES; k++) {
            int half = Integer.highestOneBit(k - 1);
            multiply(l, LANES - half, LANES - (k - half), LANES - k, LANES);
        }
        powersReady = true;
    }

    /**
     * Writes a·b mod 2^130 − 5 in 26-bit limbs to {@code l} from {@code o}, where a's limbs are at
     * {@code l[i]}, {@code l[i + stride]}, … and b's from {@code j} and the result's from {@code o}
     * likewise. Limbs in at most 2^26; out, every limb is below 2^26 but the last, which is at most 2^26.
     */
    static void multiply(long[] l, int i, int j, int o, int stride) {
        long a0 = l[i];
        long a1 = l[i + stride];
        long a2 = l[i + 2 * stride];
        long a3 = l[i + 3 * stride];
        long a4 = l[i + 4 * stride];
        long b0 = l[j];
        long b1 = l[j + stride];
        long b2 = l[j + 2 * stride];
        long b3 = l[j + 3 * stride];
        long b4 = l[j + 4 * stride];
        long s1 = 5 * b1;
        long s2 = 5 * b2;
        long s3 = 5 * b3;
        long s4 = 5 * b4;
        long d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
        long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
        long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        // carry() in registers
        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        d0 = (d0 & M26) + 5 * (d4 >>> 26);
        d1 = (d1 & M26) + (d0 >>> 26);
        d2 = (d2 & M26) + (d1 >>> 26);
        d3 = (d3 & M26) + (d2 >>> 26);
        l[o] = d0 & M26;
        l[o + stride] = d1 & M26;
        l[o + 2 * stride] = d2 & M26;
        l[o + 3 * stride] = d3 & M26;
        l[o + 4 * stride] = (d4 & M26) + (d3 >>> 26);
    }

    /**
     * Carries the five limbs {@code l[0..4]} (each below 2^62) until limbs 0 to 3 are below 2^26 and
     * limb 4 is at most 2^26, folding the carry out of limb 4 into limb 0 times 5.
     */
    static void carry(long[] l) {
        for (int i = 0; i < 4; i++) {
            l[i + 1] += l[i] >>> 26;
            l[i] &= M26;
        }
        l[0] += 5 * (l[4] >>> 26);
        l[4] &= M26;
        for (int i = 0; i < 4; i++) {
            l[i + 1] += l[i] >>> 26;
            l[i] &= M26;
        }
    }
}
