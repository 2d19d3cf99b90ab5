package dev.dx.codec.hbtp.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's {@code ChaCha20-Poly1305} JCE cipher behind {@link FrameAead}: one {@code Cipher}
 * re-initialised per nonce, fed {@code nioBuffer} views of the {@code ByteBuf}s (a copy when a buffer
 * has more than one). On JDKs with a ChaCha20 intrinsic it is the faster choice for large bodies.
 *
 * <p>The JDK's cipher checks the tag before it writes any plaintext, so a failed {@link #open} leaves
 * {@code dst} untouched, as {@link FrameAead} requires. Not thread-safe.
 */
final class JdkChaCha20Poly1305 implements FrameAead {

    private final SecretKeySpec key;
    private final Cipher cipher;

    /** The JDK cipher for a 32-byte key. */
    JdkChaCha20Poly1305(byte[] key) {
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    @Override
    public void seal(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex)
            throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        cipher.updateAAD(aad);
        cipher.doFinal(nio(src, srcIndex, length), dst.nioBuffer(dstIndex, length + ChaCha20Poly1305.TAG_LENGTH));
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, ByteBuf src, int srcIndex, int length, ByteBuf dst, int dstIndex)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        cipher.updateAAD(aad);
        try {
            cipher.doFinal(nio(src, srcIndex, length), dst.nioBuffer(dstIndex, length - ChaCha20Poly1305.TAG_LENGTH));
            return true;
        } catch (AEADBadTagException e) {
            return false;
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
