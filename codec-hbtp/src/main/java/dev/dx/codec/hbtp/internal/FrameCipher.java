package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * One direction of an HBTP session (spec §6): a ChaCha20-Poly1305 key (RFC 8439) and its 64-bit
 * counter n. The nonce of frame n is 4 zero bytes ‖ n as u64 little-endian; the associated data is the
 * frame's 8 header bytes.
 *
 * <p>Two implementations give the same bytes; {@link Engine#DEFAULT} picks how to use them per JVM.
 * Ours ({@link ChaCha20Poly1305}) is plain Java written for speed and has almost no fixed cost per call;
 * the JDK's JCE cipher pays about 0.7 µs per call to re-initialise, and from JDK 20 on has a ChaCha20
 * intrinsic (x86_64 with AVX2) that makes it about twice as fast as ours per byte. So before JDK 20
 * every body goes through ours ({@link Engine#DX}); from JDK 20 on, bodies shorter than
 * {@value #SIZE_SPLIT} bytes go through ours and longer ones through the JDK's ({@link Engine#SIZE}),
 * where the two cost the same in {@code AeadBenchmark} on JDK 25. The system property
 * {@value #ENGINE_PROPERTY} ({@code dx}, {@code jdk} or {@code size}) forces an engine.
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector}, our ChaCha20 takes its SIMD path
 * ({@link VectorChaCha20}; {@code -Ddx.hbtp.vector=false} turns it off), on every engine that uses ours.
 * Then ours costs, in {@code AeadBenchmark.frameCipherDx} on JDK 17 with AVX-512 (three runs each
 * way), 1.09–1.11 µs for 1 KiB and 2.5–2.8 µs for 2.25 KiB against 2.0–2.9 and 3.5–4.8 without it
 * (0.28–0.31 µs for 64 bytes either way). On JDK 25 ours costs 0.66 µs for 320 bytes, 0.75 for 512,
 * 1.06–1.08 for 1 KiB and 2.4–2.8 for 2.25 KiB, against 1.07, 1.13, 1.07–1.49 and 1.65–2.2 for the
 * JDK's cipher ({@code frameCipherJdk}), which is ahead from 1.5 KiB (1.7 against 2.2 µs). All on one
 * core of a 2-core machine shared with other benchmarks, so indicative. So {@link Engine#SIZE} splits
 * at {@value #SIZE_SPLIT_VECTOR} bytes instead of {@value #SIZE_SPLIT} when the SIMD path is on.
 *
 * <p>When Poly1305 takes its SIMD path too ({@link VectorPoly1305}: the same switch, and 8 {@code long}
 * lanes, AVX-512), ours costs on JDK 25, against the JDK's cipher, 0.90 against 1.31 µs for 1,152
 * bytes, 1.34–1.40 against 1.64–2.09 for 2.25 KiB, 2.34 against 2.65 for 4 KiB, 3.48–3.53 against
 * 3.45–3.73 for 8 KiB and 6.7–8.8 against 6.4–7.9 for 16 KiB (two runs, {@code AeadBenchmark}), so
 * {@link Engine#SIZE} then splits at {@value #SIZE_SPLIT_VECTOR_MAC} bytes.
 *
 * <p>Not thread-safe: the encoder owns the sending instance and the decoder the receiving one, each
 * used only from the channel's event loop.
 */
public final class FrameCipher {

    /** Length of the Poly1305 tag appended to every sealed body. */
    public static final int TAG_LENGTH = 16;
    /** Length of a key. */
    public static final int KEY_LENGTH = 32;
    /** System property that forces an {@link Engine}: {@code dx}, {@code jdk} or {@code size}. */
    public static final String ENGINE_PROPERTY = "dx.hbtp.aead";
    /** The body length from which {@link Engine#SIZE} uses the JDK's cipher, without our SIMD ChaCha20. */
    public static final int SIZE_SPLIT = 320;
    /** The body length from which {@link Engine#SIZE} uses the JDK's cipher when our ChaCha20 is SIMD. */
    public static final int SIZE_SPLIT_VECTOR = 1024;
    /** The body length from which {@link Engine#SIZE} uses the JDK's cipher when our ChaCha20 and Poly1305 are SIMD. */
    public static final int SIZE_SPLIT_VECTOR_MAC = 8192;

    /** The ChaCha20-Poly1305 implementation behind a {@code FrameCipher}. */
    public enum Engine {
        /** Ours: {@link ChaCha20Poly1305}, plain Java, fastest where the JDK has no ChaCha20 intrinsic. */
        DX,
        /** The JDK's JCE {@code ChaCha20-Poly1305} cipher. */
        JDK,
        /**
         * Ours for bodies shorter than {@value #SIZE_SPLIT} bytes ({@value #SIZE_SPLIT_VECTOR} with our SIMD
         * ChaCha20), the JDK's for longer ones.
         */
        SIZE;

        /** The engine of this JVM: {@link #select} of the property and the running JDK's feature version. */
        public static final Engine DEFAULT = select(System.getProperty(ENGINE_PROPERTY), Runtime.version().feature());

        /**
         * The engine forced by {@code property} ({@code dx}, {@code jdk} or {@code size}, any case) or,
         * when it is {@code null} or empty, {@link #DX} before JDK 20 and {@link #SIZE} from JDK 20 on.
         */
        static Engine select(String property, int jdkFeature) {
            if (property == null || property.isEmpty()) {
                return jdkFeature < 20 ? DX : SIZE;
            }
            switch (property.toLowerCase(Locale.ROOT)) {
                case "dx":
                    return DX;
                case "jdk":
                    return JDK;
                case "size":
                    return SIZE;
                default:
                    throw new IllegalArgumentException(ENGINE_PROPERTY + " : " + property
                            + " (expected: dx, jdk or size)");
            }
        }
    }

    /** The implementation for bodies shorter than {@link #split}, and the one for the rest. */
    private final FrameAead small;
    private final FrameAead large;
    private final int split;
    private final Engine engine;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[8];
    private long counter;

    /** Creates the state for one direction from its 32-byte key, counter 0, on {@link Engine#DEFAULT}. */
    public FrameCipher(byte[] key) {
        this(key, Engine.DEFAULT);
    }

    /** Creates the state for one direction from its 32-byte key, counter 0, on {@code engine}. */
    public FrameCipher(byte[] key, Engine engine) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key.length : " + key.length + " (expected: 32)");
        }
        this.engine = engine;
        switch (engine) {
            case DX:
                small = large = new ChaCha20Poly1305(key);
                break;
            case JDK:
                small = large = new JdkChaCha20Poly1305(key);
                break;
            default:
                small = new ChaCha20Poly1305(key);
                large = new JdkChaCha20Poly1305(key);
                break;
        }
        this.split = engine == Engine.SIZE ? sizeSplit(ChaCha20.VECTOR_DEFAULT, Poly1305.VECTOR_DEFAULT)
                : Integer.MAX_VALUE;
    }

    /**
     * {@link Engine#SIZE}'s split: {@link #SIZE_SPLIT_VECTOR_MAC} if our ChaCha20 and Poly1305 are both
     * {@code vector}, {@link #SIZE_SPLIT_VECTOR} if only ChaCha20 is, else {@link #SIZE_SPLIT}.
     */
    static int sizeSplit(boolean chachaVector, boolean polyVector) {
        if (!chachaVector) {
            return SIZE_SPLIT;
        }
        return polyVector ? SIZE_SPLIT_VECTOR_MAC : SIZE_SPLIT_VECTOR;
    }

    /** The body length from which this instance uses its second implementation (for tests). */
    int split() {
        return split;
    }

    /** The implementation this instance uses. */
    public Engine engine() {
        return engine;
    }

    /** The counter the next frame will use. */
    public long counter() {
        return counter;
    }

    /** For tests of the nonce rule: sets the next counter. */
    public void counter(long counter) {
        this.counter = counter;
    }

    private void prepare(long header) {
        if (counter == -1L) {
            // Noise reserves 2^64-1; §6: a counter that would wrap closes the connection.
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "nonce counter exhausted");
        }
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
            aad[i] = (byte) (header >>> (8 * i));
        }
    }

    /**
     * Seals {@code length} bytes of {@code src} from {@code srcIndex} into {@code dst} at its writer
     * index (ciphertext ‖ tag, {@code length + 16} bytes) and advances the writer index.
     * {@code header} is the frame header as a little-endian long, used as associated data.
     */
    public void seal(long header, ByteBuf src, int srcIndex, int length, ByteBuf dst) {
        dst.ensureWritable(length + TAG_LENGTH);
        int w = dst.writerIndex();
        sealAt(header, src, srcIndex, length, dst, w);
        dst.writerIndex(w + length + TAG_LENGTH);
    }

    /**
     * Seals the {@code length} bytes of {@code buf} from {@code index} where they lie, which must end at
     * its writer index, and appends the tag (the writer index moves by 16). {@code header} is the frame
     * header as a little-endian long, used as associated data. Both engines read each byte before they
     * write it, so the ciphertext equals {@link #seal}'s.
     */
    public void sealInPlace(long header, ByteBuf buf, int index, int length) {
        if (index + length != buf.writerIndex()) {
            throw new IllegalArgumentException("the bytes to seal in place must end at the writer index: index "
                    + index + " + length " + length + " != " + buf.writerIndex());
        }
        buf.ensureWritable(TAG_LENGTH);
        sealAt(header, buf, index, length, buf, index);
        buf.writerIndex(index + length + TAG_LENGTH);
    }

    /** Seals into {@code dst} from {@code dstIndex}, which has room; moves no index. */
    private void sealAt(long header, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex) {
        prepare(header);
        try {
            (length < split ? small : large).seal(nonce, aad, src, srcIndex, length, dst, dstIndex);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 seal failed", e);
        }
    }

    /**
     * Opens ciphertext ‖ tag ({@code length} bytes of {@code src} from {@code srcIndex}) into
     * {@code dst} at its writer index and advances it. A frame too short for a tag or whose tag does not
     * verify is {@code DECRYPTION_FAILED}, and then nothing has been written to {@code dst}.
     */
    public void open(long header, ByteBuf src, int srcIndex, int length, ByteBuf dst) {
        if (length < TAG_LENGTH) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "encrypted body of " + length
                    + " bytes is shorter than the tag");
        }
        dst.ensureWritable(length - TAG_LENGTH);
        int w = dst.writerIndex();
        prepare(header);
        boolean authentic;
        try {
            authentic = (length - TAG_LENGTH < split ? small : large).open(nonce, aad, src, srcIndex, length, dst, w);
        } catch (GeneralSecurityException e) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "ChaCha20-Poly1305 open failed", e);
        }
        if (!authentic) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "authentication tag mismatch");
        }
        dst.writerIndex(w + length - TAG_LENGTH);
    }
}
