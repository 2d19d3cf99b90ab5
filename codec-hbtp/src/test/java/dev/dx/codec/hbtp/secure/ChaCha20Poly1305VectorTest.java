package dev.dx.codec.hbtp.secure;

import io.netty.buffer.PooledByteBufAllocator;
import dev.dx.testing.GoldenVectors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.internal.FrameCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * Spec §6 says the per-frame AEAD is ChaCha20-Poly1305 of RFC 8439: the JDK cipher (the codec's engine from JDK 20 on) must
 * reproduce the RFC's §2.8.2 vector (kept in {@code hbtp/rfc8439-aead.txt}), and frames sealed by
 * {@link FrameCipher} must open with BouncyCastle's independent implementation given the §6 nonce
 * (4 zero bytes ‖ u64 LE counter) and the header as associated data.
 */
class ChaCha20Poly1305VectorTest {

    private static Map<String, byte[]> vector() throws Exception {
        Map<String, byte[]> v = new HashMap<>();
        for (String line : GoldenVectors.text("hbtp/rfc8439-aead.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split(" = ");
                v.put(kv[0].trim(), HexFormat.of().parseHex(kv[1].trim()));
            }
        }
        return v;
    }

    @Test
    void jdkCipherReproducesRfc8439Section282() throws Exception {
        Map<String, byte[]> v = vector();
        assertThat(new String(v.get("plaintext"), StandardCharsets.US_ASCII)).startsWith("Ladies and Gentlemen");
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(v.get("key"), "ChaCha20"), new IvParameterSpec(v.get("nonce")));
        c.updateAAD(v.get("aad"));
        byte[] sealed = c.doFinal(v.get("plaintext"));
        assertThat(HexFormat.of().formatHex(sealed))
                .isEqualTo(HexFormat.of().formatHex(v.get("ciphertext")) + HexFormat.of().formatHex(v.get("tag")));
        c = Cipher.getInstance("ChaCha20-Poly1305"); // the JDK refuses to reuse a key and nonce on one object
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(v.get("key"), "ChaCha20"), new IvParameterSpec(v.get("nonce")));
        c.updateAAD(v.get("aad"));
        assertThat(c.doFinal(sealed)).isEqualTo(v.get("plaintext"));
    }

    @Test
    void bouncyCastleReproducesRfc8439Section282() throws Exception {
        Map<String, byte[]> v = vector();
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(true, new AEADParameters(new KeyParameter(v.get("key")), 128, v.get("nonce"), v.get("aad")));
        byte[] out = new byte[bc.getOutputSize(v.get("plaintext").length)];
        int n = bc.processBytes(v.get("plaintext"), 0, v.get("plaintext").length, out, 0);
        bc.doFinal(out, n);
        assertThat(HexFormat.of().formatHex(out))
                .isEqualTo(HexFormat.of().formatHex(v.get("ciphertext")) + HexFormat.of().formatHex(v.get("tag")));
    }

    @Test
    void frameCipherUsesCounterNonceAndHeaderAad() throws Exception {
        Map<String, byte[]> v = vector();
        FrameCipher sender = new FrameCipher(v.get("key"));
        byte[] plaintext = v.get("plaintext");
        for (long counter = 0; counter < 3; counter++) {
            long header = 0x31L | 0x02L << 8 | (counter + 5) << 16 | (long) (plaintext.length + 16) << 32;
            ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
            ByteBuf src = PooledByteBufAllocator.DEFAULT.directBuffer(plaintext.length).writeBytes(plaintext);
            try {
                sender.seal(header, src, 0, plaintext.length, out);
                byte[] nonce = new byte[12];
                byte[] aad = new byte[8];
                for (int i = 0; i < 8; i++) {
                    nonce[4 + i] = (byte) (counter >>> (8 * i));
                    aad[i] = (byte) (header >>> (8 * i));
                }
                ChaCha20Poly1305 bc = new ChaCha20Poly1305();
                bc.init(false, new AEADParameters(new KeyParameter(v.get("key")), 128, nonce, aad));
                byte[] sealed = ByteBufUtil.getBytes(out);
                byte[] opened = new byte[bc.getOutputSize(sealed.length)];
                int n = bc.processBytes(sealed, 0, sealed.length, opened, 0);
                n += bc.doFinal(opened, n);
                assertThat(n).isEqualTo(plaintext.length);
                assertThat(opened).isEqualTo(plaintext);
            } finally {
                out.release();
                src.release();
            }
        }
        assertThat(sender.counter()).isEqualTo(3);
    }
}
