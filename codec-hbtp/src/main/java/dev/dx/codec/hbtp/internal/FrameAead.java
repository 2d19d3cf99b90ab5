package dev.dx.codec.hbtp.internal;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;

/**
 * One ChaCha20-Poly1305 implementation (RFC 8439 §2.8) for one key, as {@link FrameCipher} drives it:
 * ours ({@link ChaCha20Poly1305}) or the JDK's ({@link JdkChaCha20Poly1305}). Neither moves a reader or
 * writer index; the caller makes room in {@code dst} first. Not thread-safe.
 */
interface FrameAead {

    /**
     * Writes ciphertext ‖ tag of {@code length} bytes of {@code src} from {@code srcIndex} into
     * {@code dst} from {@code dstIndex} ({@code length + 16} bytes), with a 12-byte {@code nonce} and
     * associated data {@code aad}.
     */
    void seal(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex)
            throws GeneralSecurityException;

    /**
     * Verifies ciphertext ‖ tag ({@code length >= 16} bytes of {@code src} from {@code srcIndex}) and
     * writes the plaintext ({@code length - 16} bytes) into {@code dst} from {@code dstIndex}. Returns
     * {@code false}, having written nothing into {@code dst}, when the tag does not verify.
     */
    boolean open(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex)
            throws GeneralSecurityException;
}
