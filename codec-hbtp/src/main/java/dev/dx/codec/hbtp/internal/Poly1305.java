package dev.dx.codec.hbtp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Poly1305 one-time authenticator of RFC 8439 §2.5, reusable: {@link #init} with a fresh 32-byte
 * one-time key, feed the message, {@link #finish}, read the tag.
 *
 * <p>The accumulator h lives in two 64-bit limbs and a small third one (h = h0 + h1·2^64 + h2·2^128),
 * r in two clamped 64-bit limbs; products are 128 bits wide through {@link Math#multiplyHigh}
 * (corrected to unsigned). Because clamping clears the low two bits of r1, the terms at 2^128 and
 * above fold back with 2^130 ≡ 5 (mod 2^130 − 5) as multiples of s1 = r1 + r1/4 = 5·r1/4. After every
 * block h is only partially reduced (h2 ≤ 4); {@link #finish} reduces it fully, in constant time, and
 * adds s. No branch or memory access depends on the key or the data.
 *
 * <p>Runs of at least {@link #VECTOR_MIN_BLOCKS} blocks take {@link VectorPoly1305}'s SIMD path when the
 * module {@code jdk.incubator.vector} is in the boot layer, the CPU has 8 {@code long} lanes (AVX-512)
 * and {@value ChaCha20#VECTOR_PROPERTY} is not {@code false}: whole groups of 8 blocks there, the rest
 * here. Both give the same h. The choice is made once per JVM ({@link #VECTOR_DEFAULT});
 * {@link VectorPoly1305} is never loaded without the module.
 *
 * <p>Not thread-safe. Allocation-free after construction, except that the first run long enough for the
 * SIMD path creates its state, whose word arrays then grow with the longest run seen (up to 16 KiB).
 */
final class Poly1305 {

    /** Whether new instances use {@link VectorPoly1305}: {@link #vectorSelected} of the property and the module. */
    static final boolean VECTOR_DEFAULT = vectorSelected(System.getProperty(ChaCha20.VECTOR_PROPERTY),
            ChaCha20.VECTOR_AVAILABLE);
    /** Fewest whole blocks in one run that go through {@link VectorPoly1305}. */
    static final int VECTOR_MIN_BLOCKS = 48;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private long r0;
    private long r1;
    private long s1;
    private long pad0;
    private long pad1;
    private long h0;
    private long h1;
    private long h2;
    private long tag0;
    private long tag1;
    /** One zero-padded block: a message's tail, or the AEAD lengths. */
    private final byte[] block = new byte[16];
    /** Whether this instance takes the SIMD path. */
    private final boolean vectorOn;
    /** The SIMD path, created by the first run that takes it. */
    private VectorPoly1305 vector;

    /** An authenticator on the SIMD path if {@link #VECTOR_DEFAULT}. */
    Poly1305() {
        this(VECTOR_DEFAULT);
    }

    /**
     * An authenticator with the SIMD path if {@code vector} (which needs the module and 8 {@code long}
     * lanes: {@code vectorSelected(null, ChaCha20.VECTOR_AVAILABLE)}), or scalar only.
     */
    Poly1305(boolean vector) {
        if (vector && !vectorSelected(null, ChaCha20.VECTOR_AVAILABLE)) {
            throw new IllegalStateException("the SIMD path needs --add-modules jdk.incubator.vector and 8 long lanes");
        }
        this.vectorOn = vector;
    }

    /**
     * Whether to use the SIMD path: when the module is {@code available}, {@code property} (the value of
     * {@value ChaCha20#VECTOR_PROPERTY}) is not {@code false} in any case and the CPU's vector shape suits
     * {@link VectorPoly1305}, which is loaded only when the module is available.
     */
    static boolean vectorSelected(String property, boolean available) {
        return available && !"false".equalsIgnoreCase(property) && VectorPoly1305.SUPPORTED;
    }

    /** Whether this instance uses the SIMD path. */
    boolean vector() {
        return vectorOn;
    }

    /** Starts a new message with the 32-byte one-time key at {@code offset} of {@code key} (r ‖ s). */
    void init(byte[] key, int offset) {
        r0 = (long) LONG_LE.get(key, offset) & 0x0ffffffc0fffffffL;
        r1 = (long) LONG_LE.get(key, offset + 8) & 0x0ffffffc0ffffffcL;
        s1 = r1 + (r1 >>> 2);
        pad0 = (long) LONG_LE.get(key, offset + 16);
        pad1 = (long) LONG_LE.get(key, offset + 24);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        if (vector != null) {
            vector.newKey();
        }
    }

    /**
     * Absorbs {@code length} bytes zero-padded to a multiple of 16 (the AEAD's pad16, §2.8): every
     * block, the padded last one too, counts as 16 bytes. Only the last call of a run may have a length
     * that is not a multiple of 16.
     */
    void padded(byte[] m, int offset, int length) {
        int full = length & -16;
        blocks(m, offset, offset + full, 1);
        int rest = length - full;
        if (rest != 0) {
            Arrays.fill(block, (byte) 0);
            System.arraycopy(m, offset + full, block, 0, rest);
            blocks(block, 0, 16, 1);
        }
    }

    /**
     * Absorbs the whole of a message the way §2.5 defines it for a plain MAC: a final partial block
     * gets a 0x01 byte after its last byte instead of 2^128.
     */
    void message(byte[] m, int offset, int length) {
        int full = length & -16;
        blocks(m, offset, offset + full, 1);
        int rest = length - full;
        if (rest != 0) {
            Arrays.fill(block, (byte) 0);
            System.arraycopy(m, offset + full, block, 0, rest);
            block[rest] = 1;
            blocks(block, 0, 16, 0);
        }
    }

    /** Absorbs the AEAD's last block: the two lengths as 64-bit little-endian numbers (§2.8). */
    void lengths(long aadLength, long ciphertextLength) {
        LONG_LE.set(block, 0, aadLength);
        LONG_LE.set(block, 8, ciphertextLength);
        blocks(block, 0, 16, 1);
    }

    /** Adds each 16-byte block of {@code m[offset, end)} plus {@code hibit}·2^128 to h, then h = h·r mod p. */
    private void blocks(byte[] m, int offset, int end, long hibit) {
        if (vectorOn && end - offset >= 16 * VECTOR_MIN_BLOCKS) {
            offset = vectorBlocks(m, offset, end, hibit);
        }
        final long r0 = this.r0;
        final long r1 = this.r1;
        final long s1 = this.s1;
        long h0 = this.h0;
        long h1 = this.h1;
        long h2 = this.h2;
        for (; offset < end; offset += 16) {
            long m0 = (long) LONG_LE.get(m, offset);
            long m1 = (long) LONG_LE.get(m, offset + 8);
            // h += m + hibit·2^128
            long t = h0 + m0;
            long c = carry(h0, m0, t);
            h0 = t;
            t = h1 + m1 + c;
            c = carry(h1, m1, t);
            h1 = t;
            h2 += c + hibit;
            // d = h·r with 2^128·r1 folded as s1 (see the class comment)
            long d0lo = h0 * r0;
            long d0hi = mulHigh(h0, r0);
            long lo = h1 * s1;
            t = d0lo + lo;
            d0hi += mulHigh(h1, s1) + carry(d0lo, lo, t);
            d0lo = t;
            long d1lo = h0 * r1;
            long d1hi = mulHigh(h0, r1);
            lo = h1 * r0;
            t = d1lo + lo;
            d1hi += mulHigh(h1, r0) + carry(d1lo, lo, t);
            d1lo = t;
            lo = h2 * s1;
            t = d1lo + lo;
            d1hi += carry(d1lo, lo, t);
            d1lo = t;
            t = d1lo + d0hi;
            d1hi += carry(d1lo, d0hi, t);
            d1lo = t;
            long d2 = h2 * r0 + d1hi;
            // partial reduction: the bits from 2^130 up fold back times 5
            c = (d2 >>> 2) + (d2 & ~3L);
            h2 = d2 & 3;
            h0 = d0lo + c;
            c = carry(d0lo, c, h0);
            t = d1lo + c;
            c = carry(d1lo, c, t);
            h1 = t;
            h2 += c;
        }
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
    }

    /** Absorbs the whole groups of {@code m[offset, end)} on the SIMD path; returns where the rest starts. */
    private int vectorBlocks(byte[] m, int offset, int end, long hibit) {
        if (vector == null) {
            vector = new VectorPoly1305();
        }
        int groups = (end - offset) / (16 * VectorPoly1305.LANES);
        while (groups > 0) {
            int n = Math.min(groups, VectorPoly1305.MAX_BLOCKS / VectorPoly1305.LANES);
            vector.absorb(r0, r1, h0, h1, h2, m, offset, n, hibit);
            h0 = vector.h0();
            h1 = vector.h1();
            h2 = vector.h2();
            offset += 16 * VectorPoly1305.LANES * n;
            groups -= n;
        }
        return offset;
    }

    /** Ends the message: reduces h mod 2^130 − 5 in constant time and adds s; read {@link #tag0()}, {@link #tag1()}. */
    void finish() {
        long g0 = h0 + 5;
        long c = carry(h0, 5, g0);
        long g1 = h1 + c;
        c = carry(h1, c, g1);
        long g2 = h2 + c;
        // h >= p exactly when h + 5 reaches 2^130; then h - p is g's low 130 bits
        long mask = -(g2 >>> 2);
        long f0 = (h0 & ~mask) | (g0 & mask);
        long f1 = (h1 & ~mask) | (g1 & mask);
        tag0 = f0 + pad0;
        c = carry(f0, pad0, tag0);
        tag1 = f1 + pad1 + c;
    }

    /** The tag's first eight bytes as a little-endian long. */
    long tag0() {
        return tag0;
    }

    /** The tag's last eight bytes as a little-endian long. */
    long tag1() {
        return tag1;
    }

    /** Writes the 16-byte tag into {@code out} at {@code offset}. */
    void tag(byte[] out, int offset) {
        LONG_LE.set(out, offset, tag0);
        LONG_LE.set(out, offset + 8, tag1);
    }

    /** The carry out of the unsigned 64-bit sum {@code sum = a + b (+ a carry in)}: 0 or 1. */
    private static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** The high 64 bits of the unsigned product a·b, for {@code b} below 2^63. */
    private static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b);
    }
}
