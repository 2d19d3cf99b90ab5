package dev.dx.codec.hbtp.internal;

import static dev.dx.codec.hbtp.internal.Rfc8439.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@link ChaCha20Poly1305} against RFC 8439 §2.8.2 and A.5, against tampering, and, as a property,
 * against the JDK's cipher byte for byte on heap, pooled direct and composite buffers at non-zero
 * offsets, with ChaCha20's SIMD path ({@link VectorChaCha20}) and without.
 */
class ChaCha20Poly1305Test {

    static final String SECTION_282_CIPHERTEXT = "d31a8d34648e60db7b86afbc53ef7ec2 a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b 1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b 6116";

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static ByteBuf direct(byte[] bytes) {
        return ALLOC.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Seals {@code plaintext} from pooled direct buffers and returns ciphertext ‖ tag. */
    private static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        ByteBuf src = direct(plaintext);
        ByteBuf dst = ALLOC.directBuffer(plaintext.length + 16);
        try {
            new ChaCha20Poly1305(key).seal(nonce, aad, src, 0, plaintext.length, dst, 0);
            return ByteBufUtil.getBytes(dst, 0, plaintext.length + 16);
        } finally {
            src.release();
            dst.release();
        }
    }

    /** Opens {@code sealed} from pooled direct buffers: the plaintext, or {@code null} if the tag fails. */
    private static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        ByteBuf src = direct(sealed);
        ByteBuf dst = ALLOC.directBuffer(sealed.length);
        byte[] before = new byte[sealed.length - 16];
        Arrays.fill(before, (byte) 0x5a);
        dst.setBytes(0, before);
        try {
            if (new ChaCha20Poly1305(key).open(nonce, aad, src, 0, sealed.length, dst, 0)) {
                return ByteBufUtil.getBytes(dst, 0, sealed.length - 16);
            }
            assertThat(ByteBufUtil.getBytes(dst, 0, before.length)).as("dst after a failed open").isEqualTo(before);
            return null;
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void section282SealsAndOpens() {
        byte[] nonce = hex("070000004041424344454647");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] sealed = seal(Rfc8439.KEY_80_9F, nonce, aad, Rfc8439.SUNSCREEN);
        assertThat(HexFormat.of().formatHex(sealed)).isEqualTo(HexFormat.of().formatHex(hex(SECTION_282_CIPHERTEXT))
                + "1ae10b594f09e26a7e902ecbd0600691");
        assertThat(open(Rfc8439.KEY_80_9F, nonce, aad, sealed)).isEqualTo(Rfc8439.SUNSCREEN);
    }

    /** §2.8.2 and, over every length to 41 blocks, the JDK's cipher, with the SIMD ChaCha20 path and without. */
    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {false, true})
    void bothChaCha20PathsSealTheRfcVectorAndEveryLengthLikeTheJdk(boolean vector) {
        byte[] nonce = hex("070000004041424344454647");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        ChaCha20Test.chacha(Rfc8439.KEY_80_9F, vector); // skips the SIMD case where this JVM cannot run it
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(Rfc8439.KEY_80_9F, vector);
        assertThat(sealWith(aead, nonce, aad, Rfc8439.SUNSCREEN)).isEqualTo(hex(SECTION_282_CIPHERTEXT
                + "1ae10b594f09e26a7e902ecbd0600691"));
        Random random = new Random(282);
        for (int length = 0; length <= 41 * 64 + 1; length += 1 + random.nextInt(40)) {
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            random.nextBytes(nonce);
            assertThat(sealWith(aead, nonce, aad, plaintext)).as("length %d", length)
                    .isEqualTo(jdkSeal(Rfc8439.KEY_80_9F, nonce, aad, plaintext));
        }
    }

    /** Seals {@code plaintext} with {@code aead} between pooled direct buffers and returns ciphertext ‖ tag. */
    private static byte[] sealWith(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] plaintext) {
        ByteBuf src = direct(plaintext);
        ByteBuf dst = ALLOC.directBuffer(plaintext.length + 16);
        try {
            aead.seal(nonce, aad, src, 0, plaintext.length, dst, 0);
            return ByteBufUtil.getBytes(dst, 0, plaintext.length + 16);
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void appendixA5Opens() {
        byte[] sealed = hex("64a0861575861af460f062c79be643bd 5e805cfd345cf389f108670ac76c8cb2"
                + "4c6cfc18755d43eea09ee94e382d26b0 bdb7b73c321b0100d4f03b7f355894cf"
                + "332f830e710b97ce98c8a84abd0b9481 14ad176e008d33bd60f982b1ff37c855"
                + "9797a06ef4f0ef61c186324e2b350638 3606907b6a7c02b0f9f6157b53c867e4"
                + "b9166c767b804d46a59b5216cde7a4e9 9040c5a40433225ee282a1b0a06c523e"
                + "af4534d7f83fa1155b0047718cbc546a 0d072b04b3564eea1b422273f548271a"
                + "0bb2316053fa76991955ebd63159434e cebb4e466dae5a1073a6727627097a10"
                + "49e617d91d361094fa68f0ff77987130 305beaba2eda04df997b714d6c6f2c29"
                + "a6ad5cb4022b02709b"
                + "eead9d67890cbb22392336fea1851f38");
        byte[] plaintext = open(Rfc8439.KEY_1C92, hex("000000000102030405060708"), hex("f33388860000000000004e91"),
                sealed);
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("Internet-Drafts are draft documents"
                + " valid for a maximum of six months and may be updated, replaced, or obsoleted by other documents"
                + " at any time. It is inappropriate to use Internet-Drafts as reference material or to cite them"
                + " other than as /\u201cwork in progress./\u201d");
    }

    @Test
    void anyFlippedBitOfCiphertextTagOrAadFailsAndWritesNothing() {
        byte[] key = Rfc8439.KEY_1C92;
        byte[] nonce = hex("000000000102030405060708");
        byte[] aad = hex("0102030405060708");
        byte[] plaintext = Arrays.copyOf(Rfc8439.IETF, 100);
        byte[] sealed = seal(key, nonce, aad, plaintext);
        assertThat(open(key, nonce, aad, sealed)).isEqualTo(plaintext);
        for (int bit = 0; bit < sealed.length * 8; bit += 7) {
            byte[] damaged = sealed.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(open(key, nonce, aad, damaged)).as("bit %d of ciphertext ‖ tag", bit).isNull();
        }
        for (int bit = 0; bit < aad.length * 8; bit++) {
            byte[] otherAad = aad.clone();
            otherAad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(open(key, nonce, otherAad, sealed)).as("bit %d of the AAD", bit).isNull();
        }
        byte[] otherNonce = nonce.clone();
        otherNonce[11] ^= 1;
        assertThat(open(key, otherNonce, aad, sealed)).as("another nonce").isNull();
        assertThat(open(key, nonce, Arrays.copyOf(aad, 7), sealed)).as("a shorter AAD").isNull();
    }

    @Test
    void emptyPlaintextIsJustTheTag() {
        byte[] sealed = seal(Rfc8439.KEY_80_9F, new byte[12], new byte[0], new byte[0]);
        assertThat(sealed).hasSize(16).isEqualTo(jdkSeal(Rfc8439.KEY_80_9F, new byte[12], new byte[0], new byte[0]));
        assertThat(open(Rfc8439.KEY_80_9F, new byte[12], new byte[0], sealed)).isEmpty();
    }

    private static byte[] jdkSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Lengths where blocks, MAC blocks, ChaCha20's wide passes and scratch chunks begin and end, and all
     * others up to 2,100 (the wide path takes runs of 16 blocks or more).
     */
    private static Gen<Integer> lengths() {
        int wide = ChaCha20.WIDE_MIN_BLOCKS * 64;
        int chunk = ChaCha20Poly1305.CHUNK;
        return Generate.pick(List.of(0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 191, 192, 193, wide - 1, wide,
                wide + 1, wide + 65, 2047, 2048, 2049, 2100, 2304, 4097, chunk - 1, chunk, chunk + 1, chunk + wide + 33,
                2 * chunk + 100)).mix(integers().between(0, 2100));
    }

    /** {@code bytes} at {@code offset} of a heap (kind 0), pooled direct (1) or two-part composite (2) buffer. */
    private static ByteBuf buffer(int kind, int offset, byte[] bytes, int room) {
        byte[] filler = new byte[offset];
        Arrays.fill(filler, (byte) 0xa5);
        if (kind == 2) {
            CompositeByteBuf composite = ALLOC.compositeDirectBuffer();
            byte[] all = Arrays.copyOf(filler, offset + bytes.length);
            System.arraycopy(bytes, 0, all, offset, bytes.length);
            int half = all.length / 2;
            composite.addComponent(true, ALLOC.directBuffer(half).writeBytes(all, 0, half));
            composite.addComponent(true, ALLOC.directBuffer(all.length - half).writeBytes(all, half, all.length - half));
            composite.capacity(offset + bytes.length + room);
            return composite;
        }
        ByteBuf buf = kind == 0 ? ALLOC.heapBuffer(offset + bytes.length + room)
                : ALLOC.directBuffer(offset + bytes.length + room);
        return buf.writeBytes(filler).writeBytes(bytes);
    }

    @Test
    void sealEqualsTheJdkCipherAndOpenInvertsIt() {
        qt().withExamples(300).forAll(lengths(), longs().all(), integers().between(0, 2), integers().between(0, 2))
                .checkAssert((length, seed, srcKind, dstKind) -> {
                    Random random = new Random(seed);
                    byte[] key = new byte[32];
                    random.nextBytes(key);
                    byte[] nonce = new byte[12];
                    long counter = random.nextLong();
                    for (int i = 0; i < 8; i++) {
                        nonce[4 + i] = (byte) (counter >>> (8 * i));
                    }
                    byte[] aad = new byte[random.nextInt(4) == 0 ? random.nextInt(40) : 8];
                    random.nextBytes(aad);
                    byte[] plaintext = new byte[length];
                    random.nextBytes(plaintext);
                    byte[] expected = jdkSeal(key, nonce, aad, plaintext);
                    int srcOffset = 1 + random.nextInt(20);
                    int dstOffset = 1 + random.nextInt(20);
                    ChaCha20Poly1305 aead = new ChaCha20Poly1305(key, random.nextBoolean() && ChaCha20Test.SIMD); // SIMD ChaCha20 or not
                    ByteBuf src = buffer(srcKind, srcOffset, plaintext, 0);
                    ByteBuf sealed = buffer(dstKind, dstOffset, new byte[0], length + 16);
                    ByteBuf opened = buffer(srcKind, srcOffset, new byte[0], length);
                    try {
                        aead.seal(nonce, aad, src, srcOffset, length, sealed, dstOffset);
                        assertThat(ByteBufUtil.getBytes(sealed, dstOffset, length + 16)).isEqualTo(expected);
                        assertThat(aead.open(nonce, aad, sealed, dstOffset, length + 16, opened, srcOffset)).isTrue();
                        assertThat(ByteBufUtil.getBytes(opened, srcOffset, length)).isEqualTo(plaintext);
                    } finally {
                        src.release();
                        sealed.release();
                        opened.release();
                    }
                });
    }
}
