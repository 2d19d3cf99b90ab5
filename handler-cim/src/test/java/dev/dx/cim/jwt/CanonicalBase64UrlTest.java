package dev.dx.cim.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalBase64UrlTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private static boolean canonical(String s) {
        return CanonicalBase64Url.isCanonical(s, 0, s.length());
    }

    @Test
    void everyEncodingIsCanonical() {
        qt().forAll(longs().all(), integers().between(0, 40))
                .check((seed, length) -> canonical(ENCODER.encodeToString(bytes(seed, length))));
    }

    @Test
    void anyOtherLastCharacterWithTheSameDataBitsIsNot() {
        // flipping an unused low bit keeps what a lenient decoder returns, but is a second spelling
        // length 1 mod 3 leaves 4 unused bits in the last character, 2 mod 3 leaves 2
        qt().forAll(longs().all(), integers().between(0, 25), integers().between(0, 3))
                .check((seed, n, anyBit) -> {
                    int length = 3 * (n / 2) + 1 + n % 2;
                    int bit = length % 3 == 1 ? anyBit : anyBit % 2;
                    String s = ENCODER.encodeToString(bytes(seed, length));
                    int last = ALPHABET.indexOf(s.charAt(s.length() - 1)) ^ (1 << bit);
                    return !canonical(s.substring(0, s.length() - 1) + ALPHABET.charAt(last));
                });
    }

    private static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void examples() {
        assertThat(canonical("")).isTrue();
        assertThat(canonical("QQ")).isTrue();          // "A"
        assertThat(canonical("QR")).isFalse();         // "A" with a trailing bit set
        assertThat(canonical("QUI")).isTrue();         // "AB"
        assertThat(canonical("QUJ")).isFalse();
        assertThat(canonical("QUJD")).isTrue();        // "ABC"
        assertThat(canonical("QUJDR")).isFalse();      // length 1 mod 4
        assertThat(canonical("QQ==")).isFalse();       // padding
        assertThat(canonical("a+b/")).isFalse();       // standard alphabet
        assertThat(canonical("ab c")).isFalse();
        assertThat(canonical("-_-_")).isTrue();
        assertThat(CanonicalBase64Url.isCanonical("x.QQ.y", 2, 4)).isTrue();
    }
}
