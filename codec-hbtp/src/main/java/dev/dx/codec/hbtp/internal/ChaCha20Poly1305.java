package dev.dx.codec.hbtp.internal;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * AEAD_CHACHA20_POLY1305 of RFC 8439 §2.8 for one key, sealing and opening straight between
 * {@code ByteBuf}s: the Poly1305 one-time key is keystream block 0, the payload is XORed with blocks 1
 * onwards, and the tag authenticates AAD ‖ pad16 ‖ ciphertext ‖ pad16 ‖ len(AAD) ‖ len(ciphertext).
 *
 * <p>The bytes pass through one reused scratch array in chunks of up to {@value #CHUNK} (a multiple of
 * the 64-byte block): a bulk {@code getBytes} per chunk in, the cipher and the MAC over the array, a
 * bulk {@code setBytes} out. On a pooled direct buffer that is two memory copies per chunk against a
 * bounds and reference-count check per word for word-sized {@code getLongLE}/{@code setLongLE}. The
 * chunk is as long as {@link ChaCha20}'s widest pass, whose SIMD code gets wider with the blocks per
 * pass; the array starts at {@value #INITIAL_SCRATCH} bytes and grows (in powers of two) only when a
 * longer message comes, so a connection of small frames keeps a small one.
 *
 * <p>{@link #open} checks the tag over the ciphertext first and decrypts only if it matches, so a
 * forged or damaged message leaves {@code dst} untouched. The tag comparison is an OR of XORs, in
 * constant time.
 *
 * <p>Not thread-safe (the scratch and MAC state are reused); nothing is allocated per call apart from
 * the scratch array growing.
 */
final class ChaCha20Poly1305 implements FrameAead {

    /** Length of the tag. */
    static final int TAG_LENGTH = 16;
    /** Most bytes handled per pass through the scratch array. */
    static final int CHUNK = ChaCha20.WIDE_MAX_BLOCKS * ChaCha20.BLOCK_LENGTH;
    /** Length of the scratch array until a longer message needs more. */
    static final int INITIAL_SCRATCH = 1024;

    private final ChaCha20 chacha;
    private final Poly1305 poly;
    private byte[] scratch = new byte[INITIAL_SCRATCH];
    private final byte[] oneTimeKey = new byte[ChaCha20.BLOCK_LENGTH];

    /**
     * The AEAD for a 32-byte key, on ChaCha20's SIMD path if {@link ChaCha20#VECTOR_DEFAULT} and on
     * Poly1305's if {@link Poly1305#VECTOR_DEFAULT}.
     */
    ChaCha20Poly1305(byte[] key) {
        this.chacha = new ChaCha20(key);
        this.poly = new Poly1305();
    }

    /**
     * The AEAD for a 32-byte key, on the SIMD ChaCha20 path if {@code vector} (see {@link ChaCha20}), and
     * then on Poly1305's too where this JVM and CPU can run it (see {@link Poly1305}); scalar otherwise.
     */
    ChaCha20Poly1305(byte[] key, boolean vector) {
        this.chacha = new ChaCha20(key, vector);
        this.poly = new Poly1305(vector && Poly1305.vectorSelected(null, ChaCha20.VECTOR_AVAILABLE));
    }

    /**
     * Encrypts {@code length} bytes of {@code src} from {@code srcIndex} and writes ciphertext ‖ tag
     * ({@code length + 16} bytes) into {@code dst} from {@code dstIndex}, which must already have room
     * (no index of either buffer moves). {@code nonce} is 12 bytes; {@code aad} is the associated data.
     */
    @Override
    public void seal(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex) {
        int n0 = ChaCha20.word(nonce, 0);
        int n1 = ChaCha20.word(nonce, 4);
        int n2 = ChaCha20.word(nonce, 8);
        startMac(n0, n1, n2, aad);
        byte[] scratch = scratch(length);
        int counter = 1;
        for (int done = 0; done < length; ) {
            int n = Math.min(CHUNK, length - done);
            src.getBytes(srcIndex + done, scratch, 0, n);
            counter = chacha.xor(n0, n1, n2, counter, scratch, 0, n);
            poly.padded(scratch, 0, n);
            dst.setBytes(dstIndex + done, scratch, 0, n);
            done += n;
        }
        poly.lengths(aad.length, length);
        poly.finish();
        dst.setLongLE(dstIndex + length, poly.tag0());
        dst.setLongLE(dstIndex + length + 8, poly.tag1());
    }

    /**
     * Checks and decrypts ciphertext ‖ tag ({@code length} bytes of {@code src} from {@code srcIndex},
     * at least 16) into {@code dst} from {@code dstIndex} ({@code length - 16} bytes, room required; no
     * index moves). Returns {@code false}, having written nothing, if the tag does not verify.
     */
    @Override
    public boolean open(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex) {
        int ciphertextLength = length - TAG_LENGTH;
        if (ciphertextLength < 0) {
            throw new IllegalArgumentException("length : " + length + " (expected: >= 16)");
        }
        int n0 = ChaCha20.word(nonce, 0);
        int n1 = ChaCha20.word(nonce, 4);
        int n2 = ChaCha20.word(nonce, 8);
        startMac(n0, n1, n2, aad);
        byte[] scratch = scratch(ciphertextLength);
        for (int done = 0; done < ciphertextLength; ) {
            int n = Math.min(CHUNK, ciphertextLength - done);
            src.getBytes(srcIndex + done, scratch, 0, n);
            poly.padded(scratch, 0, n);
            done += n;
        }
        poly.lengths(aad.length, ciphertextLength);
        poly.finish();
        long difference = (poly.tag0() ^ src.getLongLE(srcIndex + ciphertextLength))
                | (poly.tag1() ^ src.getLongLE(srcIndex + ciphertextLength + 8));
        if (difference != 0) {
            return false;
        }
        int counter = 1;
        for (int done = 0; done < ciphertextLength; ) {
            int n = Math.min(CHUNK, ciphertextLength - done);
            if (ciphertextLength > CHUNK) {
                // one chunk is still in scratch from the tag pass; several must be read again
                src.getBytes(srcIndex + done, scratch, 0, n);
            }
            counter = chacha.xor(n0, n1, n2, counter, scratch, 0, n);
            dst.setBytes(dstIndex + done, scratch, 0, n);
            done += n;
        }
        return true;
    }

    /** The scratch array, first grown to hold {@code length} bytes or {@value #CHUNK}, whichever is less. */
    private byte[] scratch(int length) {
        if (length > scratch.length && scratch.length < CHUNK) {
            scratch = new byte[Math.min(CHUNK, Integer.highestOneBit(length - 1) << 1)];
        }
        return scratch;
    }

    /** Derives the one-time key from block 0 (§2.6) and absorbs the padded AAD. */
    private void startMac(int n0, int n1, int n2, byte[] aad) {
        Arrays.fill(oneTimeKey, (byte) 0);
        chacha.xorBlock(n0, n1, n2, 0, oneTimeKey, 0);
        poly.init(oneTimeKey, 0);
        poly.padded(aad, 0, aad.length);
    }
}
