package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an HBTP session (spec §6): a ChaCha20-Poly1305 key (RFC 8439) and its 64-bit
 * counter n. The nonce of frame n is 4 zero bytes ‖ n as u64 little-endian; the associated data is the
 * frame's 8 header bytes. Uses the JDK's {@code ChaCha20-Poly1305} cipher.
 *
 * <p>Not thread-safe: the encoder owns the sending instance and the decoder the receiving one, each
 * used only from the channel's event loop.
 */
public final class FrameCipher {

    /** Length of the Poly1305 tag appended to every sealed body. */
    public static final int TAG_LENGTH = 16;
    /** Length of a key. */
    public static final int KEY_LENGTH = 32;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[8];
    private long counter;

    /** Creates the state for one direction from its 32-byte key, counter 0. */
    public FrameCipher(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key.length : " + key.length + " (expected: 32)");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    /** The counter the next frame will use. */
    public long counter() {
        return counter;
    }

    /** For tests of the nonce rule: sets the next counter. */
    public void counter(long counter) {
        this.counter = counter;
    }

    private void prepare(int mode, long header) throws GeneralSecurityException {
        if (counter == -1L) {
            // Noise reserves 2^64-1; §6: a counter that would wrap closes the connection.
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "nonce counter exhausted");
        }
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
            aad[i] = (byte) (header >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(nonce));
        cipher.updateAAD(aad);
    }

    /**
     * Seals {@code length} bytes of {@code src} from {@code srcIndex} into {@code dst} at its writer
     * index (ciphertext ‖ tag, {@code length + 16} bytes) and advances the writer index.
     * {@code header} is the frame header as a little-endian long, used as associated data.
     */
    public void seal(long header, ByteBuf src, int srcIndex, int length, ByteBuf dst) {
        dst.ensureWritable(length + TAG_LENGTH);
        int w = dst.writerIndex();
        try {
            prepare(Cipher.ENCRYPT_MODE, header);
            ByteBuffer in = nio(src, srcIndex, length);
            ByteBuffer out = dst.nioBuffer(w, length + TAG_LENGTH);
            int written = cipher.doFinal(in, out);
            dst.writerIndex(w + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 seal failed", e);
        }
    }

    /**
     * Opens ciphertext ‖ tag ({@code length} bytes of {@code src} from {@code srcIndex}) into
     * {@code dst} at its writer index. A frame too short for a tag or whose tag does not verify is
     * {@code DECRYPTION_FAILED}.
     */
    public void open(long header, ByteBuf src, int srcIndex, int length, ByteBuf dst) {
        if (length < TAG_LENGTH) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "encrypted body of " + length
                    + " bytes is shorter than the tag");
        }
        dst.ensureWritable(length - TAG_LENGTH);
        int w = dst.writerIndex();
        try {
            prepare(Cipher.DECRYPT_MODE, header);
            ByteBuffer in = nio(src, srcIndex, length);
            ByteBuffer out = dst.nioBuffer(w, length - TAG_LENGTH);
            int written = cipher.doFinal(in, out);
            dst.writerIndex(w + written);
        } catch (AEADBadTagException e) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "ChaCha20-Poly1305 open failed", e);
        }
    }

    private static ByteBuffer nio(ByteBuf src, int index, int length) {
        if (src.nioBufferCount() == 1) {
            return src.nioBuffer(index, length);
        }
        byte[] copy = new byte[length];
        src.getBytes(index, copy);
        return ByteBuffer.wrap(copy);
    }
}
