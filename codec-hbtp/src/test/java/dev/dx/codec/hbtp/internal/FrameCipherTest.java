package dev.dx.codec.hbtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
import dev.dx.codec.hbtp.internal.FrameCipher.Engine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FrameCipher} on both engines: the §6 nonce (4 zero bytes ‖ u64 LE counter) and header AAD,
 * identical bytes from both, and the unchanged errors (a bad tag, a body shorter than the tag and an
 * exhausted counter are {@code DECRYPTION_FAILED}, and a failed open writes nothing into {@code dst}).
 */
class FrameCipherTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final byte[] KEY = Rfc8439.KEY_1C92;
    private static final long HEADER = 0x31L | 0x02L << 8 | 0x0905L << 16 | 100L << 32;
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 63, 64, 65, FrameCipher.SIZE_SPLIT - 1,
        FrameCipher.SIZE_SPLIT, FrameCipher.SIZE_SPLIT + 1, 1023, 1024, 1025, FrameCipher.SIZE_SPLIT_VECTOR - 1,
        FrameCipher.SIZE_SPLIT_VECTOR, FrameCipher.SIZE_SPLIT_VECTOR + 1, 5000, FrameCipher.SIZE_SPLIT_VECTOR_MAC - 1,
        FrameCipher.SIZE_SPLIT_VECTOR_MAC, FrameCipher.SIZE_SPLIT_VECTOR_MAC + 1};

    private static byte[] plaintext(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    /** Seals {@code plaintext} with {@code cipher} into a pooled direct buffer; returns the sealed bytes. */
    private static byte[] seal(FrameCipher cipher, long header, byte[] plaintext) {
        ByteBuf src = ALLOC.directBuffer().writeBytes(new byte[3]).writeBytes(plaintext);
        ByteBuf dst = ALLOC.directBuffer().writeBytes(new byte[5]);
        try {
            cipher.seal(header, src, 3, plaintext.length, dst);
            assertThat(dst.writerIndex()).isEqualTo(5 + plaintext.length + FrameCipher.TAG_LENGTH);
            return ByteBufUtil.getBytes(dst, 5, plaintext.length + FrameCipher.TAG_LENGTH);
        } finally {
            src.release();
            dst.release();
        }
    }

    private static byte[] jdkSeal(long counter, long header, byte[] plaintext) throws Exception {
        byte[] nonce = new byte[12];
        byte[] aad = new byte[8];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
            aad[i] = (byte) (header >>> (8 * i));
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(plaintext);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sealsWithTheCounterNonceAndHeaderAadAndOpens(Engine engine) throws Exception {
        FrameCipher sender = new FrameCipher(KEY, engine);
        FrameCipher receiver = new FrameCipher(KEY, engine);
        assertThat(sender.engine()).isEqualTo(engine);
        sender.counter(0x0102030405060708L);
        receiver.counter(0x0102030405060708L);
        for (int length : LENGTHS) {
            long counter = sender.counter();
            byte[] sealed = seal(sender, HEADER + length, plaintext(length));
            assertThat(sealed).as("length %d", length).isEqualTo(jdkSeal(counter, HEADER + length, plaintext(length)));
            assertThat(sender.counter()).isEqualTo(counter + 1);
            ByteBuf src = ALLOC.directBuffer().writeBytes(new byte[7]).writeBytes(sealed);
            ByteBuf dst = ALLOC.directBuffer(1).writeByte(9);
            try {
                receiver.open(HEADER + length, src, 7, sealed.length, dst);
                assertThat(dst.readerIndex()).isZero();
                assertThat(dst.readByte()).isEqualTo((byte) 9);
                assertThat(ByteBufUtil.getBytes(dst)).isEqualTo(plaintext(length));
            } finally {
                src.release();
                dst.release();
            }
        }
    }

    @Test
    void bothEnginesSealTheSameBytes() {
        FrameCipher dx = new FrameCipher(KEY, Engine.DX);
        FrameCipher jdk = new FrameCipher(KEY, Engine.JDK);
        for (int length : LENGTHS) {
            assertThat(seal(dx, HEADER, plaintext(length))).isEqualTo(seal(jdk, HEADER, plaintext(length)));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sealsInPlaceTheSameBytesAsIntoAnotherBuffer(Engine engine) throws Exception {
        FrameCipher sender = new FrameCipher(KEY, engine);
        sender.counter(77);
        for (int length : LENGTHS) {
            long counter = sender.counter();
            // the bytes before the sealed range (a header, say) stay as they are; a small buffer must grow for the tag
            ByteBuf buf = ALLOC.directBuffer(11 + length, 1 << 16).writeBytes(new byte[11]).writeBytes(plaintext(length));
            try {
                sender.sealInPlace(HEADER, buf, 11, length);
                assertThat(buf.writerIndex()).isEqualTo(11 + length + FrameCipher.TAG_LENGTH);
                assertThat(ByteBufUtil.getBytes(buf, 0, 11)).isEqualTo(new byte[11]);
                assertThat(ByteBufUtil.getBytes(buf, 11, length + FrameCipher.TAG_LENGTH)).as("length %d", length)
                        .isEqualTo(jdkSeal(counter, HEADER, plaintext(length)));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void sealingInPlaceRefusesARangeThatDoesNotEndAtTheWriterIndex() {
        FrameCipher sender = new FrameCipher(KEY, Engine.DX);
        ByteBuf buf = ALLOC.directBuffer().writeZero(40);
        try {
            assertThatThrownBy(() -> sender.sealInPlace(HEADER, buf, 8, 16))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writer index");
            assertThat(sender.counter()).isZero();
        } finally {
            buf.release();
        }
    }

    /** Opens {@code sealed} into a buffer whose bytes past the writer index are a known pattern. */
    private static void openExpectingFailure(FrameCipher receiver, long header, byte[] sealed, String message) {
        ByteBuf src = ALLOC.directBuffer().writeBytes(sealed);
        ByteBuf dst = ALLOC.directBuffer(sealed.length + 8).writeInt(7);
        byte[] pattern = new byte[dst.capacity() - 4];
        Arrays.fill(pattern, (byte) 0x6b);
        dst.setBytes(4, pattern);
        try {
            assertThatThrownBy(() -> receiver.open(header, src, 0, sealed.length, dst))
                    .isInstanceOfSatisfying(HbtpException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.DECRYPTION_FAILED))
                    .hasMessageContaining(message);
            assertThat(dst.writerIndex()).isEqualTo(4);
            assertThat(ByteBufUtil.getBytes(dst, 4, pattern.length)).as("bytes past the writer index").isEqualTo(pattern);
        } finally {
            src.release();
            dst.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDamagedFrameIsDecryptionFailedAndWritesNothing(Engine engine) {
        for (int length : new int[] {1500, 500, 200}) { // both sides of Engine.SIZE's splits; 200 is checked below
            byte[] sealed = seal(new FrameCipher(KEY, engine), HEADER, plaintext(length));
            for (int at : new int[] {0, length / 2, length - 1, length, length + 15}) {
                byte[] damaged = sealed.clone();
                damaged[at] ^= 0x10;
                openExpectingFailure(new FrameCipher(KEY, engine), HEADER, damaged, "authentication tag mismatch");
            }
        }
        byte[] sealed = seal(new FrameCipher(KEY, engine), HEADER, plaintext(200));
        openExpectingFailure(new FrameCipher(KEY, engine), HEADER ^ 1L << 40, sealed, "authentication tag mismatch");
        FrameCipher ahead = new FrameCipher(KEY, engine);
        ahead.counter(1);
        openExpectingFailure(ahead, HEADER, sealed, "authentication tag mismatch");
        assertThat(ahead.counter()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBodyShorterThanTheTagIsDecryptionFailed(Engine engine) {
        FrameCipher receiver = new FrameCipher(KEY, engine);
        openExpectingFailure(receiver, HEADER, new byte[15], "shorter than the tag");
        assertThat(receiver.counter()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anExhaustedCounterIsDecryptionFailed(Engine engine) {
        FrameCipher sender = new FrameCipher(KEY, engine);
        sender.counter(-2L);
        byte[] sealed = seal(sender, HEADER, plaintext(10));
        assertThat(sender.counter()).isEqualTo(-1L);
        ByteBuf src = ALLOC.directBuffer().writeBytes(plaintext(10));
        ByteBuf dst = ALLOC.directBuffer();
        try {
            assertThatThrownBy(() -> sender.seal(HEADER, src, 0, 10, dst)).isInstanceOfSatisfying(HbtpException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(HbtpErrorCode.DECRYPTION_FAILED))
                    .hasMessageContaining("nonce counter exhausted");
            assertThat(dst.writerIndex()).isZero();
        } finally {
            src.release();
            dst.release();
        }
        FrameCipher receiver = new FrameCipher(KEY, engine);
        receiver.counter(-1L);
        openExpectingFailure(receiver, HEADER, sealed, "nonce counter exhausted");
    }

    @Test
    void theEngineRuleAndTheProperty() {
        assertThat(Engine.select(null, 17)).isEqualTo(Engine.DX);
        assertThat(Engine.select("", 19)).isEqualTo(Engine.DX);
        assertThat(Engine.select(null, 20)).isEqualTo(Engine.SIZE);
        assertThat(Engine.select(null, 25)).isEqualTo(Engine.SIZE);
        assertThat(Engine.select("Size", 17)).isEqualTo(Engine.SIZE);
        assertThat(Engine.select("jdk", 17)).isEqualTo(Engine.JDK);
        assertThat(Engine.select("DX", 25)).isEqualTo(Engine.DX);
        assertThatThrownBy(() -> Engine.select("bc", 17)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dx.hbtp.aead : bc (expected: dx, jdk or size)");
        // the SIZE engine's split follows the SIMD paths (on in these tests: surefire adds the module)
        assertThat(FrameCipher.sizeSplit(false, false)).isEqualTo(FrameCipher.SIZE_SPLIT);
        assertThat(FrameCipher.sizeSplit(false, true)).isEqualTo(FrameCipher.SIZE_SPLIT);
        assertThat(FrameCipher.sizeSplit(true, false)).isEqualTo(FrameCipher.SIZE_SPLIT_VECTOR);
        assertThat(FrameCipher.sizeSplit(true, true)).isEqualTo(FrameCipher.SIZE_SPLIT_VECTOR_MAC);
        assertThat(new FrameCipher(KEY, Engine.SIZE).split())
                .isEqualTo(FrameCipher.sizeSplit(ChaCha20.VECTOR_DEFAULT, Poly1305.VECTOR_DEFAULT));
        assertThat(new FrameCipher(KEY, Engine.DX).split()).isEqualTo(Integer.MAX_VALUE);
        String forced = System.getProperty(FrameCipher.ENGINE_PROPERTY);
        assertThat(new FrameCipher(KEY).engine()).isEqualTo(Engine.DEFAULT)
                .isEqualTo(Engine.select(forced, Runtime.version().feature()));
    }

    @Test
    void refusesAKeyOfAnotherLength() {
        assertThatThrownBy(() -> new FrameCipher(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key.length : 31 (expected: 32)");
    }
}
