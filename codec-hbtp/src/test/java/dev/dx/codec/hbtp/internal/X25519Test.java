package dev.dx.codec.hbtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link X25519} against RFC 7748: the two scalar-multiplication vectors and the iterated vector of
 * §5.2, the Diffie-Hellman example of §6.1, agreement with the JDK's own XDH provider on random keys,
 * and the refusals (a low-order public key, whose shared secret is all zeros; keys of the wrong length).
 */
class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void section52ScalarMultiplicationVectors() {
        assertThat(HEX.formatHex(X25519.dh(
                hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        // the u-coordinate's most significant bit is set: it must be masked, not rejected
        assertThat(HEX.formatHex(X25519.dh(
                hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void section52IteratedVectorAfterOneAndAThousandIterations() {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.dh(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertThat(HEX.formatHex(k)).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void section61DiffieHellman() {
        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = X25519.publicKey(alice);
        byte[] bobPublic = X25519.publicKey(bob);
        assertThat(HEX.formatHex(alicePublic)).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(bobPublic)).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.dh(alice, bobPublic))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.dh(bob, alicePublic))).isEqualTo(shared);
    }

    /** The JDK's XDH provider is an independent implementation: both must agree on any keys. */
    @Test
    void agreesWithTheJdkXdhProviderOnRandomKeys() {
        qt().withExamples(40).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] k = new byte[32];
            byte[] u = new byte[32];
            random.nextBytes(k);
            random.nextBytes(u);
            byte[] expected = jdk(k, u);
            if (expected != null) {
                assertThat(X25519.dh(k, u)).isEqualTo(expected);
            }
            assertThat(X25519.publicKey(k)).isEqualTo(jdk(k, basePoint()));
        });
    }

    @Test
    void generatedKeysAreRandomAndAgree() {
        byte[] a = X25519.generatePrivateKey();
        byte[] b = X25519.generatePrivateKey();
        assertThat(a).hasSize(32).isNotEqualTo(b);
        assertThat(X25519.dh(a, X25519.publicKey(b))).isEqualTo(X25519.dh(b, X25519.publicKey(a)));
    }

    /** Points of small order (u = 0, 1, an order-8 point, and p, p + 1 written out unreduced). */
    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})
    void refusesALowOrderPublicKey(String u) {
        byte[] k = hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        assertThatThrownBy(() -> X25519.dh(k, hex(u)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("small order");
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> X25519.dh(new byte[31], basePoint()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("privateKey.length : 31 (expected: 32)");
        assertThatThrownBy(() -> X25519.dh(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("publicKey.length : 33 (expected: 32)");
        assertThatThrownBy(() -> X25519.publicKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("privateKey.length : 16 (expected: 32)");
    }

    private static byte[] basePoint() {
        byte[] u = new byte[32];
        u[0] = 9;
        return u;
    }

    /** X25519(k, u) through the JDK's XDH provider, or null when it refuses a low-order u. */
    private static byte[] jdk(byte[] k, byte[] u) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = u[31 - i];
        }
        be[0] &= 0x7F;
        try {
            KeyFactory f = KeyFactory.getInstance("XDH");
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(f.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k)));
            ka.doPhase(f.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))), true);
            return ka.generateSecret();
        } catch (java.security.InvalidKeyException e) {
            return null;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
