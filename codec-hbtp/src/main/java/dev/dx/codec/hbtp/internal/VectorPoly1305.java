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
 * into limb 0 times 5 (2^130 ≡ 5 mod 2^130 − 5). The powers r^2 … r^L are computed once per key, the
 * first time the key's message reaches this path. No branch or memory access depends on the key or the
 * data.
 *
 * <p>{@code LongVector.mul} is one {@code vpmullq} with AVX-512 (8 lanes), which is why {@link #SUPPORTED}
 * asks for 8 lanes: with 4 (AVX2), JDK 17 has no 64-bit lane multiply instruction to use. Each group's
 * message words are first copied out of the byte array, block by block, into two {@code long} arrays
 * (the low and the high eight bytes of every block), then loaded as vectors: no gather, no shuffle.
 *
 * <p>Only {@link Poly1305} uses this class, and only when the module {@code jdk.incubator.vector} is in
 * the boot layer and the system property {@value ChaCha20#VECTOR_PROPERTY} is not {@code false} (the
 * same switch as {@link VectorChaCha20}). Not thread-safe: the powers and the word arrays are reused
 * scratch, allocated once.
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
    /** Limbs of r^L (five r, then four 5·r) for every group but the last, then r^(L−j) for lane j. */
    private static final int POWER_ROWS = 9;

    /**
     * Row {@code k} ({@code k < 5}: limb k of r; {@code 5 + i}: 5 × limb {@code i + 1}) from
     * {@code 2 * LANES * k}: {@link #LANES} copies of r^L's limb, then lane j's r^(L−j).
     */
    private final long[] powers = new long[POWER_ROWS * 2 * LANES];
    /** The low eight bytes of each block of the current run, then the high eight. */
    private final long[] low = new long[MAX_BLOCKS];
    private final long[] high = new long[MAX_BLOCKS];
    /** Scratch for a vector with one lane set. */
    private final long[] lane = new long[LANES];
    /** r^1 … r^L, five limbs each from {@code 5 * (k - 1)}; then the lane sum, five limbs. */
    private final long[] ladder = new long[5 * (LANES + 1)];
    private long keyR0;
    private long keyR1;
    private boolean powersReady;
    private long h0;
    private long h1;
    private long h2;

    /**
     * Absorbs {@code groups · LANES} blocks of {@code m} from {@code offset} (at most {@link #MAX_BLOCKS}),
     * each plus {@code hibit}·2^128, into h = {@code h0 + h1·2^64 + h2·2^128} for the clamped key half r =
     * {@code r0 + r1·2^64}. Read the new h, partly reduced as {@link Poly1305} keeps it, from {@link #h0()},
     * {@link #h1()} and {@link #h2()}.
     */
    void absorb(long r0, long r1, long h0, long h1, long h2, byte[] m, int offset, int groups, long hibit) {
        if (!powersReady || r0 != keyR0 || r1 != keyR1) {
            computePowers(r0, r1);
        }
        int blocks = groups * LANES;
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
        long[] p = powers;
        int row = 2 * LANES;
        for (int g = 0, at = 0; g < groups; g++, at += LANES) {
            // every group is multiplied by r^L, the last one lane by lane by r^(L - j)
            int column = g == groups - 1 ? LANES : 0;
            LongVector a = LongVector.fromArray(SPECIES, low, at);
            LongVector b = LongVector.fromArray(SPECIES, high, at);
            v0 = v0.add(a.and(M26));
            v1 = v1.add(a.lanewise(LSHR, 26).and(M26));
            v2 = v2.add(a.lanewise(LSHR, 52).or(b.lanewise(LSHL, 12)).and(M26));
            v3 = v3.add(b.lanewise(LSHR, 14).and(M26));
            v4 = v4.add(b.lanewise(LSHR, 40).or(top));
            LongVector r0v = LongVector.fromArray(SPECIES, p, column);
            LongVector r1v = LongVector.fromArray(SPECIES, p, row + column);
            LongVector r2v = LongVector.fromArray(SPECIES, p, 2 * row + column);
            LongVector r3v = LongVector.fromArray(SPECIES, p, 3 * row + column);
            LongVector r4v = LongVector.fromArray(SPECIES, p, 4 * row + column);
            LongVector s1v = LongVector.fromArray(SPECIES, p, 5 * row + column);
            LongVector s2v = LongVector.fromArray(SPECIES, p, 6 * row + column);
            LongVector s3v = LongVector.fromArray(SPECIES, p, 7 * row + column);
            LongVector s4v = LongVector.fromArray(SPECIES, p, 8 * row + column);
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
        long[] l = ladder;
        int sum = 5 * LANES;
        l[sum] = v0.reduceLanes(ADD);
        l[sum + 1] = v1.reduceLanes(ADD);
        l[sum + 2] = v2.reduceLanes(ADD);
        l[sum + 3] = v3.reduceLanes(ADD);
        l[sum + 4] = v4.reduceLanes(ADD);
        carry(l, sum);
        this.h0 = l[sum] | (l[sum + 1] << 26) | (l[sum + 2] << 52);
        this.h1 = (l[sum + 2] >>> 12) | (l[sum + 3] << 14) | (l[sum + 4] << 40);
        this.h2 = l[sum + 4] >>> 24;
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

    /** Fills {@link #powers} for r = {@code r0 + r1·2^64}: r^L in every lane, then r^(L−j) in lane j. */
    private void computePowers(long r0, long r1) {
        long[] l = ladder;
        l[0] = r0 & M26;
        l[1] = (r0 >>> 26) & M26;
        l[2] = ((r0 >>> 52) | (r1 << 12)) & M26;
        l[3] = (r1 >>> 14) & M26;
        l[4] = r1 >>> 40;
        // r^k from 5 * (k - 1); a tree (r^2; r^3, r^4; r^5 … r^8), so the products of a level are independent
        for (int k = 2; k <= LANES; k++) {
            int half = Integer.highestOneBit(k - 1);
            multiply(l, 5 * (half - 1), l, 5 * (k - half - 1), l, 5 * (k - 1));
        }
        int row = 2 * LANES;
        int top = 5 * (LANES - 1);
        for (int limb = 0; limb < 5; limb++) {
            for (int j = 0; j < LANES; j++) {
                long all = l[top + limb];
                long own = l[5 * (LANES - 1 - j) + limb];
                powers[limb * row + j] = all;
                powers[limb * row + LANES + j] = own;
                if (limb > 0) {
                    powers[(4 + limb) * row + j] = 5 * all;
                    powers[(4 + limb) * row + LANES + j] = 5 * own;
                }
            }
        }
        keyR0 = r0;
        keyR1 = r1;
        powersReady = true;
    }

    /**
     * Writes a·b mod 2^130 − 5 in 26-bit limbs into {@code out} from {@code o}, from the five limbs of
     * {@code a} from {@code i} and of {@code b} from {@code j} (each at most 2^26); every limb of the
     * result is below 2^26 but the last, which is at most 2^26. {@code out} may hold {@code a}.
     */
    static void multiply(long[] a, int i, long[] b, int j, long[] out, int o) {
        long a0 = a[i];
        long a1 = a[i + 1];
        long a2 = a[i + 2];
        long a3 = a[i + 3];
        long a4 = a[i + 4];
        long b0 = b[j];
        long b1 = b[j + 1];
        long b2 = b[j + 2];
        long b3 = b[j + 3];
        long b4 = b[j + 4];
        long s1 = 5 * b1;
        long s2 = 5 * b2;
        long s3 = 5 * b3;
        long s4 = 5 * b4;
        long d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
        long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
        long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        // the carry chain of carry(), in registers
        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        d0 = (d0 & M26) + 5 * (d4 >>> 26);
        d1 = (d1 & M26) + (d0 >>> 26);
        d2 = (d2 & M26) + (d1 >>> 26);
        d3 = (d3 & M26) + (d2 >>> 26);
        out[o] = d0 & M26;
        out[o + 1] = d1 & M26;
        out[o + 2] = d2 & M26;
        out[o + 3] = d3 & M26;
        out[o + 4] = (d4 & M26) + (d3 >>> 26);
    }

    /**
     * Carries the five limbs of {@code l} from {@code o} (each below 2^62) until limbs 0 to 3 are below
     * 2^26 and limb 4 is at most 2^26, folding the carry out of limb 4 into limb 0 times 5.
     */
    static void carry(long[] l, int o) {
        for (int i = o; i < o + 4; i++) {
            l[i + 1] += l[i] >>> 26;
            l[i] &= M26;
        }
        l[o] += 5 * (l[o + 4] >>> 26);
        l[o + 4] &= M26;
        for (int i = o; i < o + 4; i++) {
            l[i + 1] += l[i] >>> 26;
            l[i] &= M26;
        }
    }
}
