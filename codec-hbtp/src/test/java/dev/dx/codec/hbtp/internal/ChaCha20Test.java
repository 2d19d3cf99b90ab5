package dev.dx.codec.hbtp.internal;

import static dev.dx.codec.hbtp.internal.Rfc8439.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChaCha20} against RFC 8439: the block function (§2.3.2, A.1 #1–#5), encryption (§2.4.2,
 * A.2 #1–#3) and the Poly1305 key generation of §2.6 (§2.6.2, A.4 #1–#3). The quarter round of §2.1.1
 * and §2.2.1 is not a unit of its own here (the block function keeps the state in locals); every block
 * vector runs 80 of them. The same vectors go through the wide path (runs of at least
 * {@link ChaCha20#WIDE_MIN_BLOCKS} blocks), which is also checked against the JDK's ChaCha20 cipher
 * and the block function around its boundaries and across counter overflow, and so does the SIMD path
 * ({@link VectorChaCha20}, on in this JVM: surefire adds {@code --add-modules jdk.incubator.vector}) for
 * every length up to 41 blocks, at its thresholds and across the counter's wrap. A JVM without the
 * module runs the wide path and never loads {@link VectorChaCha20}. On a CPU without an 8- or 16-lane
 * {@code int} shape (no AVX2) the SIMD path is off, and the tests that need it are skipped.
 */
class ChaCha20Test {

    /** Whether this JVM can run the SIMD path: the module (added by surefire) and an 8- or 16-lane shape. */
    static final boolean SIMD = ChaCha20.vectorSelected(null, ChaCha20.VECTOR_AVAILABLE);

    private static final byte[] ZERO_KEY = new byte[32];
    private static final byte[] ZERO_NONCE = new byte[12];

    /** Keystream block {@code counter}: the block XORed into 64 zero bytes. */
    private static String block(byte[] key, byte[] nonce, int counter) {
        byte[] out = new byte[64];
        new ChaCha20(key).xorBlock(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8),
                counter, out, 0);
        return HexFormat.of().formatHex(out);
    }

    /**
     * A cipher on the SIMD path if {@code vector}, else on the wide and scalar paths; a test that asks for
     * the SIMD path where this JVM cannot run it is skipped.
     */
    static ChaCha20 chacha(byte[] key, boolean vector) {
        assumeTrue(!vector || SIMD, "the SIMD path needs --add-modules jdk.incubator.vector and AVX2 or AVX-512");
        return new ChaCha20(key, vector);
    }

    /** {@code plaintext} XORed from block {@code counter}, the same with and without the SIMD path. */
    private static String encrypt(byte[] key, byte[] nonce, int counter, byte[] plaintext) {
        byte[] plain = xor(new ChaCha20(key, false), nonce, counter, plaintext);
        if (SIMD) {
            assertThat(xor(new ChaCha20(key, true), nonce, counter, plaintext)).as("SIMD path").isEqualTo(plain);
        }
        return HexFormat.of().formatHex(plain);
    }

    private static String hexOf(String dump) {
        return HexFormat.of().formatHex(hex(dump));
    }

    @Test
    void section232BlockFunction() {
        assertThat(block(Rfc8439.KEY_00_1F, hex("000000090000004a00000000"), 1)).isEqualTo(hexOf(
                "10f1e7e4d13b5915500fdd1fa32071c4 c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2 b5129cd1de164eb9cbd083e8a2503c4e"));
    }

    @Test
    void appendixA1BlockFunctions() {
        assertThat(block(ZERO_KEY, ZERO_NONCE, 0)).as("#1").isEqualTo(hexOf(
                "76b8e0ada0f13d90405d6ae55386bd28 bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a37 6a43b8f41518a11cc387b669b2ee6586"));
        assertThat(block(ZERO_KEY, ZERO_NONCE, 1)).as("#2").isEqualTo(hexOf(
                "9f07e7be5551387a98ba977c732d080d cb0f29a048e3656912c6533e32ee7aed"
                + "29b721769ce64e43d57133b074d839d5 31ed1f28510afb45ace10a1f4b794d6f"));
        assertThat(block(Rfc8439.KEY_ONE, ZERO_NONCE, 1)).as("#3").isEqualTo(hexOf(
                "3aeb5224ecf849929b9d828db1ced4dd 832025e8018b8160b82284f3c949aa5a"
                + "8eca00bbb4a73bdad192b5c42f73f2fd 4e273644c8b36125a64addeb006c13a0"));
        byte[] key4 = new byte[32];
        key4[1] = (byte) 0xff;
        assertThat(block(key4, ZERO_NONCE, 2)).as("#4").isEqualTo(hexOf(
                "72d54dfbf12ec44b362692df94137f32 8fea8da73990265ec1bbbea1ae9af0ca"
                + "13b25aa26cb4a648cb9b9d1be65b2c09 24a66c54d545ec1b7374f4872e99f096"));
        assertThat(block(ZERO_KEY, Rfc8439.NONCE_TWO, 0)).as("#5").isEqualTo(hexOf(
                "c2c64d378cd536374ae204b9ef933fcd 1a8b2288b3dfa49672ab765b54ee27c7"
                + "8a970e0e955c14f3a88e741b97c286f7 5f8fc299e8148362fa198a39531bed6d"));
    }

    @Test
    void section242Encryption() {
        assertThat(encrypt(Rfc8439.KEY_00_1F, hex("000000000000004a00000000"), 1, Rfc8439.SUNSCREEN)).isEqualTo(hexOf(
                "6e2e359a2568f98041ba0728dd0d6981 e97e7aec1d4360c20a27afccfd9fae0b"
                + "f91b65c5524733ab8f593dabcd62b357 1639d624e65152ab8f530c359f0861d8"
                + "07ca0dbf500d6a6156a38e088a22b65e 52bc514d16ccf806818ce91ab7793736"
                + "5af90bbf74a35be6b40b8eedf2785e42 874d"));
    }

    @Test
    void appendixA2Encryption() {
        assertThat(encrypt(ZERO_KEY, ZERO_NONCE, 0, new byte[64])).as("#1").isEqualTo(hexOf(
                "76b8e0ada0f13d90405d6ae55386bd28 bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a37 6a43b8f41518a11cc387b669b2ee6586"));
        assertThat(Rfc8439.IETF).hasSize(375);
        assertThat(encrypt(Rfc8439.KEY_ONE, Rfc8439.NONCE_TWO, 1, Rfc8439.IETF)).as("#2").isEqualTo(hexOf(
                "a3fbf07df3fa2fde4f376ca23e827370 41605d9f4f4f57bd8cff2c1d4b7955ec"
                + "2a97948bd3722915c8f3d337f7d37005 0e9e96d647b7c39f56e031ca5eb6250d"
                + "4042e02785ececfa4b4bb5e8ead0440e 20b6e8db09d881a7c6132f420e527950"
                + "42bdfa7773d8a9051447b3291ce1411c 680465552aa6c405b7764d5e87bea85a"
                + "d00f8449ed8f72d0d662ab052691ca66 424bc86d2df80ea41f43abf937d3259d"
                + "c4b2d0dfb48a6c9139ddd7f76966e928 e635553ba76c5c879d7b35d49eb2e62b"
                + "0871cdac638939e25e8a1e0ef9d5280f a8ca328b351c3c765989cbcf3daa8b6c"
                + "cc3aaf9f3979c92b3720fc88dc95ed84 a1be059c6499b9fda236e7e818b04b0b"
                + "c39c1e876b193bfe5569753f88128cc0 8aaa9b63d1a16f80ef2554d7189c411f"
                + "5869ca52c5b83fa36ff216b9c1d30062 bebcfd2dc5bce0911934fda79a86f6e6"
                + "98ced759c3ff9b6477338f3da4f9cd85 14ea9982ccafb341b2384dd902f3d1ab"
                + "7ac61dd29c6f21ba5b862f3730e37cfd c4fd806c22f221"));
        assertThat(Rfc8439.JABBERWOCKY).hasSize(127);
        assertThat(encrypt(Rfc8439.KEY_1C92, Rfc8439.NONCE_TWO, 42, Rfc8439.JABBERWOCKY)).as("#3").isEqualTo(hexOf(
                "62e6347f95ed87a45ffae7426f27a1df 5fb69110044c0d73118effa95b01e5cf"
                + "166d3df2d721caf9b21e5fb14c616871 fd84c54f9d65b283196c7fe4f60553eb"
                + "f39c6402c42234e32a356b3e764312a6 1a5532055716ead6962568f87d3f3f77"
                + "04c6a8d1bcd1bf4d50d6154b6da731b1 87b58dfd728afa36757a797ac188d1"));
    }

    /** §2.6: the one-time key is the first 32 bytes of block 0. */
    private static String oneTimeKey(byte[] key, byte[] nonce) {
        return block(key, nonce, 0).substring(0, 64);
    }

    @Test
    void section262AndAppendixA4PolyKeyGeneration() {
        assertThat(oneTimeKey(Rfc8439.KEY_80_9F, hex("000000000001020304050607"))).as("2.6.2").isEqualTo(hexOf(
                "8ad5a08b905f81cc815040274ab29471 a833b637e3fd0da508dbb8e2fdd1a646"));
        assertThat(oneTimeKey(ZERO_KEY, ZERO_NONCE)).as("A.4 #1").isEqualTo(hexOf(
                "76b8e0ada0f13d90405d6ae55386bd28 bdd219b8a08ded1aa836efcc8b770dc7"));
        assertThat(oneTimeKey(Rfc8439.KEY_ONE, Rfc8439.NONCE_TWO)).as("A.4 #2").isEqualTo(hexOf(
                "ecfa254f845f647473d3cb140da9e876 06cb33066c447b87bc2666dde3fbb739"));
        assertThat(oneTimeKey(Rfc8439.KEY_1C92, Rfc8439.NONCE_TWO)).as("A.4 #3").isEqualTo(hexOf(
                "965e3bc6f9ec7ed9560808f4d229f94b 137ff275ca9b3fcbdd59deaad23310ae"));
    }

    @Test
    void partialBlocksUseTheHeadOfTheirKeystreamBlock() {
        byte[] whole = new byte[130];
        new ChaCha20(Rfc8439.KEY_1C92).xor(1, 2, 3, 7, whole, 0, whole.length);
        for (int length = 0; length <= whole.length; length++) {
            byte[] part = new byte[length + 5];
            new ChaCha20(Rfc8439.KEY_1C92).xor(1, 2, 3, 7, part, 5, length);
            for (int i = 0; i < length; i++) {
                assertThat(part[5 + i]).as("length %d byte %d", length, i).isEqualTo(whole[i]);
            }
        }
    }

    private static final int MIN = ChaCha20.WIDE_MIN_BLOCKS * 64;
    private static final int MAX = ChaCha20.WIDE_MAX_BLOCKS * 64;

    /** {@code plaintext} XORed in one {@code xor} call of {@code chacha} from block {@code counter}. */
    private static byte[] xor(ChaCha20 chacha, byte[] nonce, int counter, byte[] plaintext) {
        byte[] buf = plaintext.clone();
        int next = chacha.xor(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8), counter,
                buf, 0, buf.length);
        assertThat(next).isEqualTo(counter + (plaintext.length + 63) / 64);
        return buf;
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {false, true})
    void rfcVectorsThroughTheWideAndSimdPaths(boolean vector) {
        int blocks = ChaCha20.WIDE_MIN_BLOCKS + 3;
        // §2.4.2: the sunscreen text at the head of a run of zeros long enough for the wide path
        byte[] sunscreen = Arrays.copyOf(Rfc8439.SUNSCREEN, blocks * 64);
        byte[] sealed = xor(chacha(Rfc8439.KEY_00_1F, vector), hex("000000000000004a00000000"), 1, sunscreen);
        assertThat(HexFormat.of().formatHex(sealed, 0, Rfc8439.SUNSCREEN.length)).isEqualTo(encrypt(
                Rfc8439.KEY_00_1F, hex("000000000000004a00000000"), 1, Rfc8439.SUNSCREEN));
        // A.1 #1 and #2 are blocks 0 and 1 of one keystream; §2.3.2 and A.1 #4 are lanes 1 and 2 of a pass from 0
        byte[] zeros = xor(chacha(ZERO_KEY, vector), ZERO_NONCE, 0, new byte[blocks * 64]);
        assertThat(HexFormat.of().formatHex(zeros, 0, 128)).isEqualTo(hexOf(
                "76b8e0ada0f13d90405d6ae55386bd28 bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a37 6a43b8f41518a11cc387b669b2ee6586"
                + "9f07e7be5551387a98ba977c732d080d cb0f29a048e3656912c6533e32ee7aed"
                + "29b721769ce64e43d57133b074d839d5 31ed1f28510afb45ace10a1f4b794d6f"));
        byte[] nonce232 = hex("000000090000004a00000000");
        byte[] stream232 = xor(chacha(Rfc8439.KEY_00_1F, vector), nonce232, 0, new byte[blocks * 64]);
        assertThat(HexFormat.of().formatHex(stream232, 64, 128)).isEqualTo(hexOf(
                "10f1e7e4d13b5915500fdd1fa32071c4 c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2 b5129cd1de164eb9cbd083e8a2503c4e"));
        byte[] key4 = new byte[32];
        key4[1] = (byte) 0xff;
        byte[] stream4 = xor(chacha(key4, vector), ZERO_NONCE, 0, new byte[blocks * 64]);
        assertThat(HexFormat.of().formatHex(stream4, 128, 192)).isEqualTo(hexOf(
                "72d54dfbf12ec44b362692df94137f32 8fea8da73990265ec1bbbea1ae9af0ca"
                + "13b25aa26cb4a648cb9b9d1be65b2c09 24a66c54d545ec1b7374f4872e99f096"));
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {false, true})
    void widePathEqualsTheJdkCipherAroundItsBoundaries(boolean vector) throws Exception {
        int[] lengths = {MIN - 64, MIN - 1, MIN, MIN + 1, MIN + 63, MIN + 64, MIN + 65, 2 * MIN + 17, 2100, 4096,
            MAX - 64, MAX - 1, MAX, MAX + 1, MAX + 63, MAX + MIN - 1, MAX + MIN, MAX + MIN + 37, 2 * MAX + 5,
            3 * MAX - 64};
        int[] counters = {0, 1, 7, 0x12345, 0x7fffffff - 20};
        Random random = new Random(8439);
        byte[] key = new byte[32];
        random.nextBytes(key);
        ChaCha20 chacha = chacha(key, vector); // one instance throughout: the scratch is reused between calls
        for (int length : lengths) {
            for (int counter : counters) {
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                int offset = random.nextInt(9);
                byte[] plaintext = new byte[length];
                random.nextBytes(plaintext);
                byte[] expected = jdkXor(key, nonce, counter, plaintext);
                byte[] buf = new byte[offset + length + 3];
                System.arraycopy(plaintext, 0, buf, offset, length);
                int next = chacha.xor(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8),
                        counter, buf, offset, length);
                assertThat(next).as("length %d counter %d", length, counter).isEqualTo(counter + (length + 63) / 64);
                assertThat(Arrays.copyOfRange(buf, offset, offset + length)).as("length %d counter %d", length,
                        counter).isEqualTo(expected);
                assertThat(Arrays.copyOfRange(buf, offset + length, buf.length)).as("bytes after").containsOnly(0);
            }
        }
    }

    @ParameterizedTest(name = "vector {0}")
    @ValueSource(booleans = {false, true})
    void widePathWrapsTheBlockCounterLikeTheBlockFunction(boolean vector) {
        // 2^32 - 5 onwards: the 32-bit counter wraps to 0 inside a pass (the JDK cipher refuses to go there)
        ChaCha20 chacha = chacha(Rfc8439.KEY_1C92, vector);
        int blocks = ChaCha20.WIDE_MIN_BLOCKS + 9;
        byte[] wide = new byte[blocks * 64 + 10];
        int next = chacha.xor(4, 5, 6, -5, wide, 0, wide.length);
        assertThat(next).isEqualTo(-5 + blocks + 1);
        byte[] expected = new byte[(blocks + 1) * 64];
        for (int i = 0; i <= blocks; i++) {
            chacha.xorBlock(4, 5, 6, -5 + i, expected, i * 64);
        }
        assertThat(wide).isEqualTo(Arrays.copyOf(expected, wide.length));
    }

    /** The JDK's ChaCha20 cipher over {@code plaintext} from block {@code counter}. */
    private static byte[] jdkXor(byte[] key, byte[] nonce, int counter, byte[] plaintext) throws Exception {
        Cipher jdk = Cipher.getInstance("ChaCha20");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        return jdk.doFinal(plaintext);
    }

    /** {@code plaintext} XORed with keystream blocks from {@code counter} made one by one by {@link ChaCha20#xorBlock}. */
    private static byte[] blockByBlock(ChaCha20 chacha, byte[] nonce, int counter, byte[] plaintext) {
        int blocks = (plaintext.length + 63) / 64;
        byte[] stream = new byte[blocks * 64];
        for (int i = 0; i < blocks; i++) {
            chacha.xorBlock(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8), counter + i,
                    stream, i * 64);
        }
        byte[] out = plaintext.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= stream[i];
        }
        return out;
    }

    /**
     * Every whole number of blocks from 0 to 41 with tails of 0, 1, 31 and 63 bytes, and the lengths around
     * the SIMD path's threshold and passes, from counters 0 and 2^31 - 3 (crossing 0x7fffffff, which the
     * JDK cipher accepts as unsigned).
     */
    @Test
    void simdPathEqualsTheBlockFunctionAndTheJdkCipherAtEveryLength() throws Exception {
        int min = ChaCha20.VECTOR_MIN_LENGTH;
        int pass = VectorChaCha20.PASS_LENGTH;
        List<Integer> lengths = new ArrayList<>(List.of(min - 1, min, min + 1, min + 64, pass - 1, pass, pass + 1,
                pass + min - 1, pass + min, 2 * pass + min + 63, 4 * pass + 5));
        for (int blocks = 0; blocks <= 41; blocks++) {
            for (int tail : new int[] {0, 1, 31, 63}) {
                lengths.add(blocks * 64 + tail);
            }
        }
        Random random = new Random(17);
        byte[] key = new byte[32];
        random.nextBytes(key);
        ChaCha20 simd = chacha(key, true); // one instance throughout: the keystream array is reused
        ChaCha20 wide = new ChaCha20(key, false);
        assertThat(simd.vector()).isTrue();
        assertThat(wide.vector()).isFalse();
        for (int length : lengths) {
            for (int counter : new int[] {0, 0x7fffffff - 3}) {
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                byte[] plaintext = new byte[length];
                random.nextBytes(plaintext);
                byte[] expected = jdkXor(key, nonce, counter, plaintext);
                assertThat(blockByBlock(wide, nonce, counter, plaintext)).isEqualTo(expected);
                int offset = random.nextInt(9);
                byte[] buf = new byte[offset + length + 3];
                System.arraycopy(plaintext, 0, buf, offset, length);
                int next = simd.xor(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8), counter,
                        buf, offset, length);
                assertThat(next).as("length %d counter %d", length, counter).isEqualTo(counter + (length + 63) / 64);
                assertThat(Arrays.copyOfRange(buf, offset, offset + length)).as("length %d counter %d", length,
                        counter).isEqualTo(expected);
                assertThat(Arrays.copyOfRange(buf, 0, offset)).as("bytes before").isEqualTo(new byte[offset]);
                assertThat(Arrays.copyOfRange(buf, offset + length, buf.length)).as("bytes after").containsOnly(0);
            }
        }
    }

    /**
     * The same after C2 has compiled the pass (the tests above run it mostly interpreted, where the Vector
     * API is plain Java): 20,000 calls of three lengths, each compared with the wide and scalar paths. A
     * gather of the keystream words ({@code IntVector.fromArray} with an index map at a varying offset)
     * was right interpreted and wrong once compiled on JDK 17.0.15, from about the 6,500th call.
     */
    @Test
    void simdPathAgreesWithTheWidePathOnceCompiled() {
        ChaCha20 simd = chacha(Rfc8439.KEY_80_9F, true);
        ChaCha20 wide = new ChaCha20(Rfc8439.KEY_80_9F, false);
        int[] lengths = {36 * 64, 2 * 64 + 2, 17 * 64 + 5};
        byte[] a = new byte[lengths[0]];
        byte[] b = new byte[lengths[0]];
        for (int call = 0; call < 20_000; call++) {
            int length = lengths[call % lengths.length];
            simd.xor(call, 2, 3, call * 40, a, 0, length);
            wide.xor(call, 2, 3, call * 40, b, 0, length);
            if (!Arrays.equals(a, b)) {
                assertThat(a).as("call %d length %d", call, length).isEqualTo(b);
            }
        }
    }

    @Test
    void simdPathWrapsTheBlockCounterInEveryLane() {
        // the counter reaches 0xffffffff in lane 0, in a middle lane and in the last lane of a pass
        ChaCha20 simd = chacha(Rfc8439.KEY_1C92, true);
        ChaCha20 scalar = new ChaCha20(Rfc8439.KEY_1C92, false);
        byte[] nonce = hex("000000000102030405060708");
        for (int counter : new int[] {-1, -2, -7, -VectorChaCha20.LANES, -VectorChaCha20.LANES - 1, -40}) {
            for (int length : new int[] {3 * 64, 17 * 64 + 9, 40 * 64 + 63}) {
                byte[] plaintext = Arrays.copyOf(Rfc8439.IETF, length);
                assertThat(xor(simd, nonce, counter, plaintext)).as("counter %d length %d", counter, length)
                        .isEqualTo(blockByBlock(scalar, nonce, counter, plaintext));
            }
        }
    }

    @Test
    void theSimdPathIsOnWhenTheModuleIsThereUnlessThePropertySaysFalse() {
        assertThat(ChaCha20.vectorSelected(null, false)).isFalse();
        assertThat(ChaCha20.vectorSelected("true", false)).isFalse();
        // surefire runs this JVM with --add-modules jdk.incubator.vector
        assertThat(ChaCha20.VECTOR_AVAILABLE).isTrue();
        boolean shape = VectorChaCha20.SUPPORTED; // 8 or 16 int lanes: AVX2 or AVX-512
        assertThat(ChaCha20.vectorSelected(null, true)).isEqualTo(shape);
        assertThat(ChaCha20.vectorSelected("", true)).isEqualTo(shape);
        assertThat(ChaCha20.vectorSelected("true", true)).isEqualTo(shape);
        assertThat(ChaCha20.vectorSelected("false", true)).isFalse();
        assertThat(ChaCha20.vectorSelected("FALSE", true)).isFalse();
        assertThat(ChaCha20.VECTOR_DEFAULT).isEqualTo(shape && !"false".equalsIgnoreCase(
                System.getProperty(ChaCha20.VECTOR_PROPERTY)));
        assertThat(new ChaCha20(ZERO_KEY).vector()).isEqualTo(ChaCha20.VECTOR_DEFAULT);
        assertThat(new ChaCha20(ZERO_KEY, false).vector()).isFalse();
        if (shape) {
            assertThat(new ChaCha20(ZERO_KEY, true).vector()).isTrue();
        } else {
            assertThatThrownBy(() -> new ChaCha20(ZERO_KEY, true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("jdk.incubator.vector");
        }
    }

    /**
     * A JVM without {@code --add-modules jdk.incubator.vector} (this test's class path, no agent) gives the
     * same bytes as the JDK cipher over 40 blocks and the same Poly1305 tag as §2.5's definition over 100
     * blocks, and never loads {@link VectorChaCha20}, {@link VectorPoly1305} or the module.
     */
    @Test
    void withoutTheModuleTheSimdClassIsNeverLoaded() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                WithoutTheModule.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("available false, vector false, same bytes true")
                .contains("poly vector false, same tag true")
                .contains(ChaCha20.class.getName()).doesNotContain(VectorChaCha20.class.getName())
                .contains(Poly1305.class.getName() + " source:")
                .doesNotContain(VectorPoly1305.class.getName() + " source:") // VectorPoly1305Test lends a reference
                .doesNotContain("jdk.incubator.vector");
    }

    /** The main class of {@link #withoutTheModuleTheSimdClassIsNeverLoaded}. */
    static final class WithoutTheModule {

        public static void main(String[] args) throws Exception {
            byte[] key = Rfc8439.KEY_1C92;
            byte[] nonce = hex("000000000102030405060708");
            byte[] plaintext = Arrays.copyOf(Rfc8439.IETF, 40 * 64 + 7);
            ChaCha20 chacha = new ChaCha20(key);
            byte[] buf = plaintext.clone();
            chacha.xor(ChaCha20.word(nonce, 0), ChaCha20.word(nonce, 4), ChaCha20.word(nonce, 8), 9, buf, 0, buf.length);
            System.out.println("available " + ChaCha20.VECTOR_AVAILABLE + ", vector " + chacha.vector()
                    + ", same bytes " + Arrays.equals(buf, jdkXor(key, nonce, 9, plaintext)));
            Poly1305 poly = new Poly1305();
            poly.init(key, 0);
            poly.message(buf, 0, 100 * 16);
            poly.finish();
            byte[] tag = new byte[16];
            poly.tag(tag, 0);
            System.out.println("poly vector " + poly.vector() + ", same tag "
                    + Arrays.equals(tag, VectorPoly1305Test.reference(key, buf, 0, 100 * 16)));
        }
    }

    @Test
    void refusesAKeyOfAnotherLength() {
        assertThatThrownBy(() -> new ChaCha20(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key.length : 16 (expected: 32)");
    }
}
